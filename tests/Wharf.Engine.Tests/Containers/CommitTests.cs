using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class CommitTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Commit_pauses_a_running_container_while_its_layer_is_read_then_resumes_it()
    {
        var id = await _h.RunAsync("web", new RunConfig { Cmd = ["sleep", "1000"], Labels = new() { ["team"] = "a" } });
        var diff = Path.Combine(_h.Options.DataRoot, "containers", id.Value, "diff");
        Directory.CreateDirectory(Path.Combine(diff, "data"));
        await File.WriteAllTextAsync(Path.Combine(diff, "data", "f"), "hello");
        (ContainerStatus, RuntimeStatus)? during = null;
        _h.Images.AfterLayer = () => during = (_h.State(id).Status, _h.Runtime.StatusOf(id));

        var image = await _h.Service.CommitAsync(new ContainerCommitRequest("web", "repo", "v1", "me", "msg"), None);

        Assert.Equal((ContainerStatus.Paused, RuntimeStatus.Paused), during);
        Assert.Equal(ContainerStatus.Running, _h.State(id).Status);
        Assert.Equal(RuntimeStatus.Running, _h.Runtime.StatusOf(id));
        Assert.Equal(["create", "start", "pause", "unpause", "commit"], _h.Actions(id));
        var commit = _h.Events.Events[^1];
        Assert.Equal(("msg", image.ToString(), "repo:v1", "a", "busybox", "web"),
            (commit.Attributes["comment"], commit.Attributes["imageID"], commit.Attributes["imageRef"], commit.Attributes["team"],
             commit.Attributes["image"], commit.Attributes["name"]));

        var (request, layer) = Assert.Single(_h.Images.Commits);
        Assert.Equal((_h.Busybox.Id, id.Value, "me", "msg", "docker.io/library/repo:v1"),
            (request.Parent, request.ContainerId, request.Author, request.Comment, request.Tag?.ToString()));
        Assert.Equal(["sleep", "1000"], request.Config.Cmd);
        Assert.Equal(["sleep", "1000"], request.ContainerConfig.Cmd);
        Assert.Equal("busybox", request.Config.Image);
        using var tar = new System.Formats.Tar.TarReader(new MemoryStream(layer));
        var names = new List<string>();
        while (tar.GetNextEntry() is { } e) names.Add(e.Name);
        Assert.Equal(["data", "data/f"], names.Select(n => n.TrimEnd('/')));
    }

    [Fact]
    public async Task Changes_apply_to_the_containers_config_and_unset_fields_come_from_it()
    {
        await _h.CreateAsync("c1", new RunConfig { Cmd = ["sleep", "1"], Env = ["A=1"], User = "nobody" });

        await _h.Service.CommitAsync(new ContainerCommitRequest("c1", Changes: ["CMD [\"cat\",\"/data/f\"]", "ENV B=2", "LABEL x=y", "EXPOSE 80",
            "WORKDIR /data", "VOLUME /v", "STOPSIGNAL SIGINT", "ONBUILD RUN true", "ENTRYPOINT [\"/bin/sh\"]"]), None);

        var c = Assert.Single(_h.Images.Commits).Request.Config;
        Assert.Equal(["cat", "/data/f"], c.Cmd);
        Assert.Equal(["/bin/sh"], c.Entrypoint);
        Assert.Contains("A=1", c.Env!);
        Assert.Contains("B=2", c.Env!);
        Assert.Equal(("y", "nobody", "/data", "SIGINT"), (c.Labels!["x"], c.User, c.WorkingDir, c.StopSignal));
        Assert.Equal(["80/tcp"], c.ExposedPorts!.Keys);
        Assert.Equal(["/v"], c.Volumes!.Keys);
        Assert.Equal(["RUN true"], c.OnBuild);
        Assert.Null(Assert.Single(_h.Images.Commits).Request.Tag);
    }

    [Fact]
    public async Task A_config_from_the_body_replaces_the_containers_and_is_merged_with_it()
    {
        await _h.CreateAsync("c1", new RunConfig { Cmd = ["sleep", "1"], Env = ["A=1"] });

        await _h.Service.CommitAsync(new ContainerCommitRequest("c1", Config: new RunConfig { Env = ["B=2"] }, Changes: ["USER 1000"]), None);

        var c = Assert.Single(_h.Images.Commits).Request.Config;
        Assert.Equal([.. _h.Busybox.Config.Config!.Env!, "A=1", "B=2"], c.Env);
        Assert.Equal(["sleep", "1"], c.Cmd);
        Assert.Equal("1000", c.User);
    }

    [Fact]
    public async Task A_stopped_or_paused_container_is_committed_without_pausing_and_pause_false_is_honoured()
    {
        var stopped = await _h.CreateAsync("stopped");
        var running = await _h.RunAsync("running");
        var paused = await _h.RunAsync("paused");
        await _h.Service.PauseAsync("paused", None);

        await _h.Service.CommitAsync(new ContainerCommitRequest("stopped"), None);
        await _h.Service.CommitAsync(new ContainerCommitRequest("running", Pause: false), None);
        await _h.Service.CommitAsync(new ContainerCommitRequest("paused"), None);

        Assert.Equal(["create", "commit"], _h.Actions(stopped));
        Assert.Equal(["create", "start", "commit"], _h.Actions(running));
        Assert.Equal(["create", "start", "pause", "commit"], _h.Actions(paused));
        Assert.Equal(ContainerStatus.Paused, _h.State(paused).Status);
    }

    [Fact]
    public async Task Errors_are_dockerds_and_come_before_any_pause()
    {
        var missing = await Assert.ThrowsAsync<EngineException>(() => _h.Service.CommitAsync(new ContainerCommitRequest("nope"), None));
        Assert.Equal((ErrorKind.NotFound, "No such container: nope"), (missing.Kind, missing.Message));

        var id = await _h.RunAsync("web");
        var change = await Assert.ThrowsAsync<EngineException>(() => _h.Service.CommitAsync(new ContainerCommitRequest("web", Changes: ["RUN true"]), None));
        Assert.Equal((ErrorKind.InvalidArgument, "run is not a valid change command"), (change.Kind, change.Message));
        var upper = await Assert.ThrowsAsync<EngineException>(() => _h.Service.CommitAsync(new ContainerCommitRequest("web", "Repo"), None));
        Assert.Equal((ErrorKind.InvalidArgument, "invalid reference format: repository name (library/Repo) must be lowercase"), (upper.Kind, upper.Message));
        var tag = await Assert.ThrowsAsync<EngineException>(() => _h.Service.CommitAsync(new ContainerCommitRequest("web", "repo", "bad tag"), None));
        Assert.Equal((ErrorKind.InvalidArgument, "invalid tag format"), (tag.Kind, tag.Message));

        Assert.Equal(["create", "start"], _h.Actions(id));
        Assert.Empty(_h.Images.Commits);
        Assert.Equal(ContainerStatus.Running, _h.State(id).Status);
    }
}
