using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests.Bundles;

public sealed class MountTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    string HostDir(string name)
    {
        var path = Path.Combine(h.Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public async Task Default_mounts_are_dockers_in_order()
    {
        var spec = await h.WriteAsync();
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"],
            spec.MountDestinations());
        Assert.Equal(["rw", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"], spec.Mount("/dev/pts").GetProperty("options").Strings());
        Assert.Equal(["ro", "nosuid", "noexec", "nodev"], spec.Mount("/sys").GetProperty("options").Strings());
        Assert.Equal(["ro", "nosuid", "noexec", "nodev"], spec.Mount("/sys/fs/cgroup").GetProperty("options").Strings());
        Assert.Equal("mqueue", spec.Mount("/dev/mqueue").GetProperty("type").GetString());
        Assert.Equal(["rw", "nosuid", "noexec", "nodev", "mode=1777", "size=67108864"], spec.Mount("/dev/shm").GetProperty("options").Strings());
    }

    [Fact]
    public async Task Shm_size_sizes_dev_shm()
    {
        var spec = await h.WriteAsync(host: new HostSettings { ShmSize = 128L * 1024 * 1024 });
        Assert.Contains("size=134217728", spec.Mount("/dev/shm").GetProperty("options").Strings());
    }

    [Fact]
    public async Task Ipc_host_binds_the_hosts_shm_and_none_has_no_shm()
    {
        var spec = await h.WriteAsync(host: new HostSettings { IpcMode = "host" });
        Assert.Equal("/dev/shm", spec.Mount("/dev/shm").GetProperty("source").GetString());
        Assert.Equal("bind", spec.Mount("/dev/shm").GetProperty("type").GetString());
        Assert.DoesNotContain(spec.At("linux.namespaces").EnumerateArray(), n => n.GetProperty("type").GetString() == "ipc");
        spec = await h.WriteAsync(host: new HostSettings { IpcMode = "none" });
        Assert.DoesNotContain("/dev/shm", spec.MountDestinations());
    }

    [Fact]
    public async Task Binds_with_modes()
    {
        var src = HostDir("data");
        var spec = await h.WriteAsync(host: new HostSettings { Binds = [$"{src}:/data:ro", $"{src}:/data2", $"{src}:/data3:rw,rslave,z"] });
        var m = spec.Mount("/data");
        Assert.Equal("bind", m.GetProperty("type").GetString());
        Assert.Equal(src, m.GetProperty("source").GetString());
        Assert.Equal(["rbind", "ro", "rprivate"], m.GetProperty("options").Strings());
        Assert.Equal(["rbind", "rprivate"], spec.Mount("/data2").GetProperty("options").Strings());
        Assert.Equal(["rbind", "rslave"], spec.Mount("/data3").GetProperty("options").Strings());
    }

    [Fact]
    public async Task A_missing_bind_source_directory_is_created_as_dockerd_does_for_binds()
    {
        var src = Path.Combine(h.Root, "made/by/bind");
        await h.WriteAsync(host: new HostSettings { Binds = [$"{src}:/x"] });
        Assert.True(Directory.Exists(src));
    }

    [Theory]
    [InlineData("/a:/b:bogus", "invalid mode: bogus")]
    [InlineData("/a:/b:ro,rw", "invalid mode: ro,rw")]
    [InlineData("/a:/b:c:d", "invalid volume specification: '/a:/b:c:d'")]
    [InlineData("/a:b", "invalid volume specification: '/a:b': invalid mount config for type \"bind\": invalid mount path: 'b' mount path must be absolute")]
    [InlineData("/a:/", "invalid volume specification: '/a:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'")]
    public async Task Bad_binds_are_invalid(string bind, string message)
    {
        var e = await h.FailAsync(host: new HostSettings { Binds = [bind] });
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Volume_entries_are_left_to_the_volume_layer_which_passes_them_resolved()
    {
        var source = HostDir("vol-data");
        var host = new HostSettings
        {
            Binds = ["myvol:/data", "/anon"],
            Mounts = [new MountSpec { Type = "volume", Source = "other", Target = "/other" }],
        };
        var request = h.Request(host: host) with
        {
            VolumeMounts = [new Wharf.Engine.Containers.Oci.OciMount { Destination = "/data", Type = "bind", Source = source, Options = ["rbind", "ro", "rprivate"] }],
        };
        var spec = await h.WriteAsync(request);
        Assert.Contains("/data", spec.MountDestinations());
        Assert.DoesNotContain("/anon", spec.MountDestinations());
        Assert.DoesNotContain("/other", spec.MountDestinations());
        Assert.Equal(source, spec.Mount("/data").GetProperty("source").GetString());
        Assert.Equal(["rbind", "ro", "rprivate"], spec.Mount("/data").GetProperty("options").Strings());
    }

    [Fact]
    public async Task Duplicate_mount_points_are_invalid()
    {
        var src = HostDir("d");
        var e = await h.FailAsync(host: new HostSettings { Binds = [$"{src}:/x"], Tmpfs = new Dictionary<string, string> { ["/x"] = "" } });
        Assert.Equal("Duplicate mount point: /x", e.Message);
    }

    [Fact]
    public async Task Mounts_of_type_bind_and_tmpfs()
    {
        var src = HostDir("m");
        var spec = await h.WriteAsync(host: new HostSettings
        {
            Mounts =
            [
                new MountSpec { Type = "bind", Source = src, Target = "/m", ReadOnly = true, Propagation = "rshared" },
                new MountSpec { Type = "tmpfs", Target = "/t", TmpfsSize = 64L * 1024 * 1024, TmpfsMode = Convert.ToInt32("1770", 8) },
            ],
        });
        Assert.Equal(["rbind", "ro", "rshared"], spec.Mount("/m").GetProperty("options").Strings());
        var t = spec.Mount("/t");
        Assert.Equal("tmpfs", t.GetProperty("type").GetString());
        Assert.Equal(["noexec", "nosuid", "nodev", "rprivate", "size=64m", "mode=1770"], t.GetProperty("options").Strings());
    }

    [Fact]
    public async Task Mount_errors()
    {
        var e = await h.FailAsync(host: new HostSettings { Mounts = [new MountSpec { Type = "bind", Source = "/no/such/dir", Target = "/m" }] });
        Assert.Equal("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir", e.Message);
        e = await h.FailAsync(host: new HostSettings { Mounts = [new MountSpec { Type = "tmpfs", Source = "/x", Target = "/m" }] });
        Assert.Equal("invalid mount config for type \"tmpfs\": field Source must not be specified", e.Message);
    }

    [Fact]
    public async Task Tmpfs_map_options_merge_later_words_over_defaults()
    {
        var spec = await h.WriteAsync(host: new HostSettings { Tmpfs = new Dictionary<string, string> { ["/run"] = "rw,exec,size=64m,mode=1777" } });
        Assert.Equal(["nosuid", "nodev", "rprivate", "rw", "exec", "size=64m", "mode=1777"], spec.Mount("/run").GetProperty("options").Strings());
        var e = await h.FailAsync(host: new HostSettings { Tmpfs = new Dictionary<string, string> { ["/run"] = "bogus=1" } });
        Assert.Equal("Invalid tmpfs option [\"bogus=1\"]", e.Message);
    }

    [Fact]
    public async Task User_mounts_sort_parents_before_children_after_the_defaults()
    {
        var src = HostDir("s");
        var spec = await h.WriteAsync(host: new HostSettings { Binds = [$"{src}:/a/b/c", $"{src}:/a"], Tmpfs = new Dictionary<string, string> { ["/a/b"] = "" } });
        var order = spec.MountDestinations().ToList();
        Assert.True(order.IndexOf("/a") < order.IndexOf("/a/b"));
        Assert.True(order.IndexOf("/a/b") < order.IndexOf("/a/b/c"));
        Assert.True(order.IndexOf("/dev/shm") < order.IndexOf("/a"));
    }

    [Fact]
    public async Task A_user_mount_replaces_a_default_and_a_dev_mount_drops_dev_children()
    {
        var src = HostDir("dev");
        var spec = await h.WriteAsync(host: new HostSettings { Binds = [$"{src}:/dev"] });
        var dests = spec.MountDestinations();
        Assert.Single(dests, d => d == "/dev");
        Assert.DoesNotContain(dests, d => d.StartsWith("/dev/", StringComparison.Ordinal));
        Assert.Equal("bind", spec.Mount("/dev").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Readonly_rootfs_makes_root_and_network_files_read_only()
    {
        var spec = await h.WriteAsync(host: new HostSettings { ReadonlyRootfs = true });
        Assert.True(spec.At("root.readonly").GetBoolean());
        Assert.Equal(["rbind", "ro", "rprivate"], spec.Mount("/etc/hosts").GetProperty("options").Strings());
        Assert.DoesNotContain("ro", spec.Mount("/dev/shm").GetProperty("options").Strings());
        Assert.DoesNotContain("ro", spec.Mount("/proc").GetProperty("options").Strings());
        Assert.False((await h.WriteAsync()).At("root.readonly").GetBoolean());
    }

    [Fact]
    public async Task A_user_bind_at_a_network_file_replaces_it()
    {
        var file = Path.Combine(h.Root, "my-hosts");
        File.WriteAllText(file, "1.2.3.4 x\n");
        var spec = await h.WriteAsync(host: new HostSettings { Binds = [$"{file}:/etc/hosts:ro"] });
        Assert.Equal(file, spec.Mount("/etc/hosts").GetProperty("source").GetString());
    }
}
