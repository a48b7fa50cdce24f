using Wharf.Engine.Containers;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;
using Wharf.Engine.Tests.Containers;

namespace Wharf.Engine.Tests.Volumes;

/// <summary>The container lifecycle with the real volume service over fakes: create attaches, start mounts, exit unmounts, rm detaches.</summary>
public sealed class ContainerVolumesTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    async Task<string[]> VolumeNames() => [.. (await _h.Volumes.ListAsync(FilterSet.Empty, None)).Select(v => v.Volume.Name)];

    [Fact]
    public async Task A_named_volume_is_created_referenced_and_mounted_on_start()
    {
        var id = await _h.RunAsync("web", host: new HostSettings { Binds = ["data:/data:ro"] });
        Assert.Equal(["data"], await VolumeNames());
        var bundle = _h.Bundles.Bundles.Last();
        var mount = Assert.Single(bundle.VolumeMounts);
        var mountpoint = (await _h.Volumes.InspectAsync("data", None)).Volume.Mountpoint;
        Assert.Equal(("/data", "bind", mountpoint), (mount.Destination, mount.Type, mount.Source));
        Assert.Equal(["rbind", "ro", "rprivate"], mount.Options);

        var inspect = await _h.Service.InspectAsync("web", false, None);
        var m = Assert.Single(inspect.Mounts);
        Assert.Equal(("volume", "data", "local", "ro", false), (m.Type, m.Name, m.Driver, m.Mode, m.ReadWrite));

        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Volumes.RemoveAsync("data", false, None));
        Assert.Equal($"remove data: volume is in use - [{id}]", e.Message);

        _h.Runtime.Exit(id, 0);
        await ContainerHarness.Eventually(() => _h.Events.Events.Any(x => x.ActorId == "data" && x.Action == "unmount"), "unmount event");
        await _h.Service.RemoveAsync("web", new RemoveRequest(Volumes: true), None);
        Assert.Equal(["data"], await VolumeNames());
        await _h.Volumes.RemoveAsync("data", false, None);
    }

    [Fact]
    public async Task Anonymous_volumes_from_the_image_and_the_config_go_with_rm_v()
    {
        _h.Images.Add("withvol:1", new RunConfig { Cmd = ["sh"], Volumes = new() { ["/var/lib/db"] = new() } });
        var id = (await _h.Service.CreateAsync(new ContainerCreateSpec
        {
            Name = "db",
            Image = "withvol:1",
            Config = new RunConfig { Volumes = new() { ["/scratch"] = new() } },
        }, None)).Id;
        var mounts = (await _h.Service.InspectAsync("db", false, None)).Mounts;
        Assert.Equal(["/scratch", "/var/lib/db"], mounts.Select(m => m.Destination).Order());
        Assert.All(mounts, m => Assert.Matches("^[0-9a-f]{64}$", m.Name));
        Assert.Equal(2, (await VolumeNames()).Length);

        await _h.Service.RemoveAsync(id.Value, new RemoveRequest(Volumes: true), None);
        Assert.Empty(await VolumeNames());
    }

    [Fact]
    public async Task Rm_without_v_keeps_anonymous_volumes_and_auto_remove_removes_them()
    {
        var kept = await _h.CreateAsync("kept", host: new HostSettings { Binds = ["/anon"] });
        await _h.Service.RemoveAsync(kept.Value, new RemoveRequest(), None);
        Assert.Single(await VolumeNames());

        var auto = await _h.RunAsync("auto", host: new HostSettings { Binds = ["/anon"], AutoRemove = true });
        Assert.Equal(2, (await VolumeNames()).Length);
        _h.Runtime.Exit(auto, 0);
        // destroy is published once the removal is complete, volumes included.
        await ContainerHarness.Eventually(() => _h.Actions(auto).Contains("destroy"), "auto remove");
        Assert.Single(await VolumeNames());
    }

    [Fact]
    public async Task Volumes_from_mounts_the_other_containers_volumes_and_binds()
    {
        var hostDir = Directory.CreateTempSubdirectory("wharf-vf-").FullName;
        try
        {
            await _h.CreateAsync("source", host: new HostSettings { Binds = ["shared:/shared", $"{hostDir}:/host"] });
            await _h.RunAsync("reader", host: new HostSettings { VolumesFrom = ["source:ro"] });
            var mounts = (await _h.Service.InspectAsync("reader", false, None)).Mounts;
            Assert.Equal([("/shared", "volume", false), ("/host", "bind", false)], mounts.Select(m => (m.Destination, m.Type, m.ReadWrite)));
            var bundle = _h.Bundles.Bundles.Last();
            Assert.Equal(["/shared", "/host"], bundle.VolumeMounts.Select(m => m.Destination));
            Assert.All(bundle.VolumeMounts, m => Assert.Contains("ro", m.Options));
            var e = await Assert.ThrowsAsync<EngineException>(() => _h.Volumes.RemoveAsync("shared", false, None));
            Assert.Contains("volume is in use", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(hostDir, true);
        }
    }

    [Fact]
    public async Task A_bad_volume_refuses_the_create_and_leaves_nothing()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("bad", host: new HostSettings { Binds = ["ok:/a", "x:/b"] }));
        Assert.Equal("create x: volume name is too short, names should be at least two alphanumeric characters", e.Message);
        Assert.Empty(await VolumeNames());
        Assert.Null(_h.Store.FindByName("bad"));
        var from = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("bad2", host: new HostSettings { VolumesFrom = ["nosuch"] }));
        Assert.Equal("No such container: nosuch", from.Message);
    }
}
