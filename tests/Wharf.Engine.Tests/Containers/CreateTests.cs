using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class CreateTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Create_stores_the_merged_spec_and_makes_the_container_directory()
    {
        var result = await _h.Service.CreateAsync(new ContainerCreateSpec
        {
            Name = "web",
            Image = "busybox",
            Config = new RunConfig { Env = ["A=1"], Labels = new() { ["app"] = "x" } },
        }, CancellationToken.None);

        var record = _h.Store.Get(result.Id)!;
        Assert.Equal("web", record.Name);
        Assert.Equal(_h.Busybox.Id, record.ImageId);
        Assert.Equal("busybox", record.ImageName);
        Assert.Equal(["sh"], record.Spec.Config.Cmd);
        Assert.Equal(result.Id.Short, record.Spec.Config.Hostname);
        Assert.Contains("A=1", record.Spec.Config.Env!);
        Assert.Equal(ContainerStatus.Created, record.State.Status);
        Assert.True(Directory.Exists(Path.Combine(_h.Options.DataRoot, "containers", result.Id.Value)));
        Assert.Empty(result.Warnings);
        Assert.Empty(_h.Rootfs.Mounted);   // dockerd mounts at start, not at create
    }

    [Fact]
    public async Task Spec_survives_a_round_trip_through_the_database()
    {
        var id = await _h.CreateAsync("db", new RunConfig { Cmd = ["top"], Healthcheck = new HealthConfig { Test = ["CMD", "true"] } }, new HostSettings
        {
            NetworkMode = "none",
            RestartPolicy = new RestartPolicy("on-failure", 3),
            Resources = new ResourceLimits { Memory = 1 << 20, Ulimits = [new Ulimit("nofile", 10, 20)] },
            ConsoleSize = (24, 80),
            Tmpfs = new Dictionary<string, string> { ["/run"] = "size=1m" },
        });
        var before = _h.Store.Get(id)!;
        var reloaded = new ContainerStore(_h.Database);
        await reloaded.InitializeAsync(CancellationToken.None);
        var after = reloaded.Get(id)!;
        Assert.Equal(before.Spec.Host.RestartPolicy, after.Spec.Host.RestartPolicy);
        Assert.Equal((ushort)80, after.Spec.Host.ConsoleSize!.Value.Width);
        Assert.Equal(1 << 20, after.Spec.Host.Resources.Memory);
        Assert.Equal(new Ulimit("nofile", 10, 20), after.Spec.Host.Resources.Ulimits.Single());
        Assert.Equal("size=1m", after.Spec.Host.Tmpfs["/run"]);
        Assert.Equal(["top"], after.Spec.Config.Cmd);
        Assert.Equal(before.Created, after.Created);
        var quiet = await _h.Service.CreateAsync(new ContainerCreateSpec
        {
            Image = "busybox", Config = new RunConfig(), Host = new HostSettings { NetworkMode = "none" },
        }, CancellationToken.None);
        Assert.Empty(quiet.Warnings);
    }

    [Fact]
    public async Task Unknown_image_is_404_with_dockerds_create_message()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsyncFor("nosuch"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal("No such image: nosuch:latest", e.Message);
    }

    [Fact]
    public async Task Name_in_use_is_a_conflict_with_dockerds_message()
    {
        var first = await _h.CreateAsync("dup");
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("dup"));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Conflict. The container name \"/dup\" is already in use by container \"{first}\". You have to remove (or rename) that container to be able to reuse that name.", e.Message);
    }

    [Fact]
    public async Task Invalid_name_and_missing_command_are_rejected()
    {
        var bad = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("bad name!"));
        Assert.Equal("Invalid container name (bad name!), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", bad.Message);
        _h.Images.Add("nocmd:latest", new RunConfig());
        var none = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsyncFor("nocmd"));
        Assert.Equal((ErrorKind.InvalidArgument, "No command specified"), (none.Kind, none.Message));
    }

    [Fact]
    public async Task Concurrent_creates_with_one_name_make_exactly_one_container()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await Task.Yield();
                return (await _h.CreateAsync("race")).Value;
            }
            catch (EngineException e) when (e.Kind == ErrorKind.Conflict)
            {
                return null;
            }
        }));
        Assert.Single(attempts, a => a is not null);
        Assert.Single(_h.Store.All());
        var reloaded = new ContainerStore(_h.Database);
        await reloaded.InitializeAsync(CancellationToken.None);
        Assert.Single(reloaded.All());
    }

    [Fact]
    public async Task Unnamed_containers_get_a_random_name()
    {
        var id = await _h.CreateAsync();
        Assert.True(ContainerNames.IsGenerated(_h.Store.Get(id)!.Name));
    }

    [Fact]
    public async Task AutoRemove_with_a_restart_policy_is_refused()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("ar", host: new HostSettings { AutoRemove = true, RestartPolicy = new RestartPolicy("always") }));
        Assert.Equal("can't create 'AutoRemove' container with restart policy", e.Message);
    }

    [Fact]
    public async Task References_resolve_by_id_name_and_prefix()
    {
        var id = await _h.CreateAsync("findme");
        Assert.Equal(id, (await _h.Service.InspectAsync(id.Value, false, CancellationToken.None)).Container.Id);
        Assert.Equal(id, (await _h.Service.InspectAsync("/findme", false, CancellationToken.None)).Container.Id);
        Assert.Equal(id, (await _h.Service.InspectAsync(id.Value[..5], false, CancellationToken.None)).Container.Id);
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.InspectAsync("nosuch", false, CancellationToken.None));
        Assert.Equal((ErrorKind.NotFound, "No such container: nosuch"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task Inspect_view_splits_path_and_args_and_shows_graph_driver_paths()
    {
        var id = await _h.CreateAsync("insp", new RunConfig { Entrypoint = ["/bin/sh", "-c"], Cmd = ["echo hi"] });
        var view = await _h.Service.InspectAsync("insp", false, CancellationToken.None);
        Assert.Equal("/bin/sh", view.Path);
        Assert.Equal(["-c", "echo hi"], view.Args);
        Assert.Equal("/layers/busybox_latest/top:/layers/busybox_latest/mid:/layers/busybox_latest/base", view.GraphDriverData["LowerDir"]);
        Assert.EndsWith(Path.Combine(id.Value, "diff"), view.GraphDriverData["UpperDir"]);
    }
}
