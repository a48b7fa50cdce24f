using Wharf.Engine.Events;
using Wharf.Engine.Volumes;
using static Wharf.Engine.Tests.Volumes.VolumeHarness;

namespace Wharf.Engine.Tests.Volumes;

public sealed class VolumeServiceTests : IDisposable
{
    readonly VolumeHarness h = new();

    public void Dispose() => h.Dispose();

    static readonly Dictionary<string, string> Gtcap = new() { ["gtcap"] = "1" };

    [Fact]
    public async Task Create_makes_the_directory_and_a_second_create_returns_the_first()
    {
        var first = await h.CreateAsync("data", Gtcap);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await h.CreateAsync("data", new Dictionary<string, string> { ["other"] = "x" });
        Assert.Equal(Path.Combine(h.Root, "volumes", "data", "_data"), first.Volume.Mountpoint);
        Assert.True(Directory.Exists(first.Volume.Mountpoint));
        Assert.Equal(first.Volume.CreatedAt, again.Volume.CreatedAt);
        Assert.Equal(Gtcap, again.Volume.Labels);
        Assert.Equal(["create"], h.Actions("data"));
        Assert.Equal("local", h.Events.Events.Single().Attributes["driver"]);
        Assert.Equal(EventType.Volume, h.Events.Events.Single().Type);
    }

    [Fact]
    public async Task Created_at_has_second_precision()
    {
        h.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        var v = await h.CreateAsync("data");
        Assert.Equal(0, v.Volume.CreatedAt.Millisecond);
    }

    [Fact]
    public async Task A_nameless_create_is_anonymous_with_dockers_label()
    {
        var v = await h.CreateAsync();
        Assert.Matches("^[0-9a-f]{64}$", v.Volume.Name);
        Assert.True(v.Volume.Anonymous);
        Assert.Equal("", v.Volume.Labels![VolumeService.AnonymousLabel]);
    }

    [Fact]
    public async Task Other_drivers_and_unknown_options_are_dockerds_errors()
    {
        var driver = await Assert.ThrowsAsync<EngineException>(() =>
            h.Service.CreateAsync(new VolumeCreateRequest { Name = "v1", Driver = "nfs" }, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, driver.Kind);
        Assert.Equal("create v1: error looking up volume plugin nfs: plugin \"nfs\" not found", driver.Message);
        var option = await Assert.ThrowsAsync<EngineException>(() => h.CreateAsync("v2", opts: new Dictionary<string, string> { ["bogus"] = "1" }));
        Assert.Equal("create v2: invalid option key: \"bogus\"", option.Message);
        var size = await Assert.ThrowsAsync<EngineException>(() => h.CreateAsync("v3", opts: new Dictionary<string, string> { ["size"] = "1g" }));
        Assert.Equal("create v3: quota size requested but no quota support", size.Message);
        Assert.Empty(await h.Service.ListAsync(F(), CancellationToken.None));
    }

    [Fact]
    public async Task Inspect_and_remove_of_a_missing_volume_are_404_and_force_ignores_it()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.InspectAsync("nope", CancellationToken.None));
        Assert.Equal((ErrorKind.NotFound, "get nope: no such volume"), (e.Kind, e.Message));
        var rm = await Assert.ThrowsAsync<EngineException>(() => h.Service.RemoveAsync("nope", false, CancellationToken.None));
        Assert.Equal("get nope: no such volume", rm.Message);
        await h.Service.RemoveAsync("nope", true, CancellationToken.None);
    }

    [Fact]
    public async Task A_referenced_volume_is_in_use_until_its_containers_let_go()
    {
        await h.CreateAsync("data");
        await h.AttachAsync("c1", new VolumeWish { Destination = "/d", Name = "data" });
        await h.AttachAsync("c2", new VolumeWish { Destination = "/d", Name = "data" });
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.RemoveAsync("data", true, CancellationToken.None));
        Assert.Equal((ErrorKind.Conflict, "remove data: volume is in use - [c1, c2]"), (e.Kind, e.Message));
        Assert.Equal(["c1", "c2"], (await h.Service.InspectAsync("data", CancellationToken.None)).Containers);

        await h.Service.DetachAsync("c1", true, CancellationToken.None);
        await h.Service.DetachAsync("c2", true, CancellationToken.None);
        // A named volume survives rm -v.
        var mountpoint = (await h.Service.InspectAsync("data", CancellationToken.None)).Volume.Mountpoint;
        await h.Service.RemoveAsync("data", false, CancellationToken.None);
        Assert.False(Directory.Exists(Path.GetDirectoryName(mountpoint)));
        Assert.Equal(["create", "destroy"], h.Actions("data"));
    }

    [Fact]
    public async Task Attach_creates_missing_volumes_and_detach_with_volumes_removes_only_unused_anonymous_ones()
    {
        await h.AttachAsync("c1", new VolumeWish { Destination = "/named", Name = "named" }, new VolumeWish { Destination = "/anon" });
        var mounts = await h.Service.MountsOfAsync("c1", CancellationToken.None);
        Assert.Equal(["/named", "/anon"], mounts.Select(m => m.Destination));
        var anonymous = mounts[1].Name;
        Assert.True((await h.Service.InspectAsync(anonymous, CancellationToken.None)).Volume.Anonymous);
        Assert.Equal("volume", mounts[1].Type);
        Assert.Equal("local", mounts[1].Driver);

        await h.Service.DetachAsync("c1", true, CancellationToken.None);
        Assert.Equal(["named"], (await h.Service.ListAsync(F(), CancellationToken.None)).Select(v => v.Volume.Name));
    }

    [Fact]
    public async Task Detach_without_volumes_keeps_anonymous_ones()
    {
        await h.AttachAsync("c1", new VolumeWish { Destination = "/anon" });
        await h.Service.DetachAsync("c1", false, CancellationToken.None);
        Assert.Single(await h.Service.ListAsync(F(), CancellationToken.None));
    }

    [Fact]
    public async Task A_bad_name_in_attach_creates_nothing()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            h.AttachAsync("c1", new VolumeWish { Destination = "/a", Name = "good" }, new VolumeWish { Destination = "/b", Name = "b@d" }));
        Assert.StartsWith("create b@d: ", e.Message);
        Assert.Empty(await h.Service.ListAsync(F(), CancellationToken.None));
        Assert.Empty(await h.Service.MountsOfAsync("c1", CancellationToken.None));
    }

    [Fact]
    public async Task List_filters_by_dangling_name_label_and_driver()
    {
        await h.CreateAsync("web-data", Gtcap);
        await h.CreateAsync("db-data");
        await h.AttachAsync("c1", new VolumeWish { Destination = "/d", Name = "db-data" });

        async Task<string[]> Names(params (string, string)[] f) =>
            [.. (await h.Service.ListAsync(F(f), CancellationToken.None)).Select(v => v.Volume.Name)];

        Assert.Equal(["web-data"], await Names(("dangling", "true")));
        Assert.Equal(["db-data"], await Names(("dangling", "false")));
        Assert.Equal(["web-data"], await Names(("name", "web")));
        Assert.Equal(["db-data", "web-data"], await Names(("name", "data$")));
        Assert.Equal(["web-data"], await Names(("label", "gtcap=1")));
        Assert.Empty(await Names(("label", "gtcap=2")));
        Assert.Equal(["db-data", "web-data"], await Names(("driver", "local")));
        Assert.Empty(await Names(("driver", "nfs")));
        var e = await Assert.ThrowsAsync<EngineException>(() => Names(("until", "1h")));
        Assert.Equal("Invalid filter 'until'", e.Message);
    }

    [Fact]
    public async Task Prune_removes_unused_anonymous_volumes_unless_all_is_set()
    {
        var anonymous = (await h.CreateAsync()).Volume.Name;
        await h.CreateAsync("named");
        await h.AttachAsync("c1", new VolumeWish { Destination = "/used" });
        var used = (await h.Service.MountsOfAsync("c1", CancellationToken.None))[0].Name;
        File.WriteAllText(Path.Combine(h.Store.MountpointOf(anonymous), "f"), "12345");

        var result = await h.Service.PruneAsync(F(), CancellationToken.None);
        Assert.Equal([anonymous], result.Deleted);
        Assert.Equal(5, result.SpaceReclaimed);
        var prune = h.Events.Events.Last();
        Assert.Equal(("prune", "5"), (prune.Action, prune.Attributes["reclaimed"]));

        var all = await h.Service.PruneAsync(F(("all", "true")), CancellationToken.None);
        Assert.Equal(["named"], all.Deleted);
        Assert.Equal([used], (await h.Service.ListAsync(F(), CancellationToken.None)).Select(v => v.Volume.Name));
    }

    [Fact]
    public async Task Prune_honours_label_filters_and_checks_all()
    {
        await h.CreateAsync("keep", new Dictionary<string, string> { ["keep"] = "yes" });
        await h.CreateAsync("gt", Gtcap);
        await h.CreateAsync("plain");
        Assert.Equal(["gt"], (await h.Service.PruneAsync(F(("all", "1"), ("label", "gtcap=1")), CancellationToken.None)).Deleted);
        Assert.Equal(["plain"], (await h.Service.PruneAsync(F(("all", "true"), ("label!", "keep")), CancellationToken.None)).Deleted);
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.PruneAsync(F(("all", "maybe")), CancellationToken.None));
        Assert.Equal("invalid filter 'all=[maybe]'", e.Message);
    }

    [Fact]
    public async Task Driver_opts_volumes_are_mounted_once_and_unmounted_with_their_last_running_container()
    {
        var v = (await h.CreateAsync("scratch", opts: new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" })).Volume;
        await h.AttachAsync("c1", new VolumeWish { Destination = "/s", Name = "scratch", CopyUp = false });
        await h.AttachAsync("c2", new VolumeWish { Destination = "/s", Name = "scratch", CopyUp = false });
        var rootfs = Directory.CreateDirectory(Path.Combine(h.Root, "rootfs")).FullName;

        await h.Service.MountAsync("c1", rootfs, CancellationToken.None);
        await h.Service.MountAsync("c2", rootfs, CancellationToken.None);
        Assert.Equal(["mount tmpfs tmpfs size=1m " + v.Mountpoint], h.Host.Calls);
        await h.Service.UnmountAsync("c1", CancellationToken.None);
        Assert.True(h.Host.Mounted.ContainsKey(v.Mountpoint));
        await h.Service.UnmountAsync("c2", CancellationToken.None);
        Assert.False(h.Host.Mounted.ContainsKey(v.Mountpoint));
        await h.Service.UnmountAsync("c2", CancellationToken.None);
        Assert.Equal(["create", "mount", "mount", "unmount", "unmount"], h.Actions("scratch"));
        var mount = h.Events.Events.First(e => e.Action == "mount");
        Assert.Equal("c1", mount.Attributes["container"]);
        Assert.Equal("/s", mount.Attributes["destination"]);
        Assert.Equal("true", mount.Attributes["read/write"]);
        Assert.Equal("", mount.Attributes["propagation"]);
        Assert.Equal("local", mount.Attributes["driver"]);
    }

    [Fact]
    public async Task A_failed_mount_is_dockerds_error_with_the_options()
    {
        await h.CreateAsync("bad", opts: new Dictionary<string, string> { ["type"] = "nfs", ["device"] = ":/x", ["o"] = "addr=1" });
        await h.AttachAsync("c1", new VolumeWish { Destination = "/s", Name = "bad" });
        h.Host.FailMount = "mount: bad option";
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.MountAsync("c1", h.Root, CancellationToken.None));
        Assert.Contains("error while mounting volume with options: type='nfs' device=':/x' o='addr=1': mount: bad option", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_up_fills_an_empty_volume_once_and_never_a_non_empty_one()
    {
        var rootfs = Path.Combine(h.Root, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "etc", "sub"));
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root");
        File.WriteAllText(Path.Combine(rootfs, "etc", "sub", "x"), "x");
        await h.AttachAsync("fresh", new VolumeWish { Destination = "/etc", Name = "fresh" });
        await h.CreateAsync("full");
        File.WriteAllText(Path.Combine(h.Store.MountpointOf("full"), "mine"), "mine");
        await h.AttachAsync("c2", new VolumeWish { Destination = "/etc", Name = "full" });
        await h.AttachAsync("c3", new VolumeWish { Destination = "/etc", Name = "nocopy", CopyUp = false });

        await h.Service.MountAsync("fresh", rootfs, CancellationToken.None);
        await h.Service.MountAsync("c2", rootfs, CancellationToken.None);
        await h.Service.MountAsync("c3", rootfs, CancellationToken.None);
        Assert.Equal("root", File.ReadAllText(Path.Combine(h.Store.MountpointOf("fresh"), "passwd")));
        Assert.True(File.Exists(Path.Combine(h.Store.MountpointOf("fresh"), "sub", "x")));
        Assert.Equal(["mine"], Directory.EnumerateFileSystemEntries(h.Store.MountpointOf("full")).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Store.MountpointOf("nocopy")));

        // The first start did the copy: emptying the volume and starting again copies nothing.
        await h.Service.UnmountAsync("fresh", CancellationToken.None);
        Directory.Delete(h.Store.MountpointOf("fresh"), true);
        Directory.CreateDirectory(h.Store.MountpointOf("fresh"));
        await h.Service.MountAsync("fresh", rootfs, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Store.MountpointOf("fresh")));
        Assert.Single(h.Host.Calls, c => c.StartsWith("copy ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inherited_mounts_yield_to_the_containers_own_destinations()
    {
        var inherited = new List<ContainerMount>
        {
            new() { Destination = "/a", Type = "bind", Source = "/host/a", Propagation = "rprivate" },
            new() { Destination = "/b", Type = "volume", Name = "vb", Source = "/x", Driver = "local", CopyUp = true },
        };
        await h.CreateAsync("vb");
        await h.Service.AttachAsync("c1", new VolumePlan([new VolumeWish { Destination = "/b", Name = "own" }], new HashSet<string>()), inherited, CancellationToken.None);
        var mounts = await h.Service.MountsOfAsync("c1", CancellationToken.None);
        Assert.Equal([("/a", "bind", ""), ("/b", "volume", "own")], mounts.Select(m => (m.Destination, m.Type, m.Name)));
        Assert.Equal("rprivate", mounts[0].Propagation);
    }

    [Fact]
    public async Task Disk_usage_counts_sizes_and_references()
    {
        await h.CreateAsync("va");
        await h.CreateAsync("vb");
        File.WriteAllText(Path.Combine(h.Store.MountpointOf("va"), "f"), "1234");
        await h.AttachAsync("c1", new VolumeWish { Destination = "/a", Name = "va" });
        var usage = await h.Service.DiskUsageAsync(CancellationToken.None);
        Assert.Equal([("va", 4L, 1), ("vb", 0L, 0)], usage.Select(u => (u.Volume.Name, u.Size ?? -1, u.Containers.Count)));
    }
}
