using Wharf.Testing;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Filters;
using Wharf.Engine.Volumes;
using Wharf.Integration.Tests.Containers;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Volumes;

/// <summary>Volumes with real containers (runc, overlayfs, mount, cp): data outlives containers, copy-up, nocopy, ro, rm -v, tmpfs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VolumeEngineTests
{
    static async Task<(int ExitCode, string Output)> RunAsync(EngineHarness h, IReadOnlyList<string> cmd, HostSettings? host = null,
                                                              Func<Engine.Images.RunConfig, Engine.Images.RunConfig>? config = null, bool remove = true)
    {
        var id = await h.CreateAsync(cmd, host, config);
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var output = await EngineHarness.ReadAllAsync(streams);
        var code = await h.WaitExitAsync(id);
        if (remove) await h.Containers.RemoveAsync(id.Value, new RemoveRequest(), EngineHarness.Timeout());
        return (code, output);
    }

    static string Data(EngineHarness h, string volume) => Path.Combine(h.DataRoot, "volumes", volume, "_data");

    [RootFact]
    public async Task A_named_volume_keeps_its_data_across_containers()
    {
        await using var h = await EngineHarness.StartAsync();
        var write = await RunAsync(h, ["sh", "-c", "echo kept > /data/f"], new HostSettings { Binds = ["keep:/data"] });
        Assert.Equal(0, write.ExitCode);
        var read = await RunAsync(h, ["cat", "/data/f"], new HostSettings { Binds = ["keep:/data"] });
        Assert.Equal((0, "kept\n"), read);
        Assert.Equal("kept\n", await File.ReadAllTextAsync(Path.Combine(Data(h, "keep"), "f")));
        await h.Volumes.RemoveAsync("keep", false, EngineHarness.Timeout());
        Assert.False(Directory.Exists(Path.Combine(h.DataRoot, "volumes", "keep")));
    }

    [RootFact]
    public async Task A_new_volume_is_filled_from_the_image_with_owners_modes_and_symlinks()
    {
        await using var h = await EngineHarness.StartAsync();
        var etc = await RunAsync(h, ["cat", "/etc/passwd"], new HostSettings { Binds = ["etcvol:/etc"] });
        Assert.Equal(0, etc.ExitCode);
        Assert.StartsWith("root:x:0:0:", etc.Output, StringComparison.Ordinal);
        var passwd = new FileInfo(Path.Combine(Data(h, "etcvol"), "passwd"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, passwd.UnixFileMode);

        var bin = await RunAsync(h, ["ls", "/usr/bin"], new HostSettings { Mounts = [new MountSpec { Type = "volume", Source = "usrbin", Target = "/usr/bin" }] });
        Assert.Equal(0, bin.ExitCode);
        var links = Directory.EnumerateFileSystemEntries(Data(h, "usrbin")).Select(p => new FileInfo(p)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Equal("/bin/busybox", l.LinkTarget));
    }

    [RootFact]
    public async Task Nocopy_leaves_the_volume_empty_and_a_read_only_volume_refuses_writes()
    {
        await using var h = await EngineHarness.StartAsync();
        var nocopy = await RunAsync(h, ["sh", "-c", "test -e /etc/passwd && echo copied || echo empty"], new HostSettings { Binds = ["nc:/etc:nocopy"] });
        Assert.Equal((0, "empty\n"), nocopy);
        Assert.False(File.Exists(Path.Combine(Data(h, "nc"), "passwd")));

        var ro = await RunAsync(h, ["sh", "-c", "touch /data/x 2>&1; echo $?"], new HostSettings { Binds = ["rovol:/data:ro"] });
        Assert.Contains("Read-only file system", ro.Output, StringComparison.Ordinal);
        Assert.EndsWith("1\n", ro.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Data(h, "rovol")));
    }

    [RootFact]
    public async Task Anonymous_volumes_go_with_rm_v_and_an_used_volume_is_in_use()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo x > /anon/f"], new HostSettings { Binds = ["named:/named"] },
            config: c => c with { Volumes = new() { ["/anon"] = new() } });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        Assert.Equal(0, await h.WaitExitAsync(id));
        var mounts = (await h.Containers.InspectAsync(id.Value, false, EngineHarness.Timeout())).Mounts;
        var anonymous = mounts.Single(m => m.Destination == "/anon").Name;
        Assert.Equal("x\n", await File.ReadAllTextAsync(Path.Combine(Data(h, anonymous), "f")));

        var e = await Assert.ThrowsAsync<EngineException>(() => h.Volumes.RemoveAsync("named", false, EngineHarness.Timeout()));
        Assert.Equal($"remove named: volume is in use - [{id}]", e.Message);

        await h.Containers.RemoveAsync(id.Value, new RemoveRequest(Volumes: true), EngineHarness.Timeout());
        var left = (await h.Volumes.ListAsync(FilterSet.Empty, EngineHarness.Timeout())).Select(v => v.Volume.Name);
        Assert.Equal(["named"], left);
        Assert.False(Directory.Exists(Path.Combine(h.DataRoot, "volumes", anonymous)));
    }

    [RootFact]
    public async Task A_tmpfs_volume_is_mounted_while_used_and_unmounted_after()
    {
        await using var h = await EngineHarness.StartAsync();
        await h.Volumes.CreateAsync(new VolumeCreateRequest
        {
            Name = "scratch",
            DriverOpts = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" },
        }, EngineHarness.Timeout());
        var id = await h.CreateAsync(["sh", "-c", "echo t > /s/f; grep ' /s ' /proc/mounts | cut -d' ' -f3; sleep 30"], new HostSettings { Binds = ["scratch:/s"] });
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using (var streams = attach.Streams)
        {
            await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
            Assert.Contains(Data(h, "scratch"), h.Mounts());
            // The container writes the file some time after start returns.
            await Poll.UntilAsync(() => File.Exists(Path.Combine(Data(h, "scratch"), "f")), "the container's write to /s/f");
            await Poll.UntilAsync(() => File.ReadAllText(Path.Combine(Data(h, "scratch"), "f")) == "t\n", "the whole line in /s/f");
            await h.Containers.KillAsync(id.Value, "KILL", EngineHarness.Timeout());
            Assert.Equal("tmpfs\n", await EngineHarness.ReadAllAsync(streams));
        }
        await h.WaitForAsync(id, r => r.State.Status == ContainerStatus.Exited);
        await Poll.UntilAsync(() => !h.Mounts().Contains(Data(h, "scratch")), "the tmpfs unmounted after the exit");
        Assert.False(File.Exists(Path.Combine(Data(h, "scratch"), "f")));
        await h.Containers.RemoveAsync(id.Value, new RemoveRequest(), EngineHarness.Timeout());
        await h.Volumes.RemoveAsync("scratch", false, EngineHarness.Timeout());
    }
}
