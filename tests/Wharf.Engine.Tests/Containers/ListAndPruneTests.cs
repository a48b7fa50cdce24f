using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class ListAndPruneTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;
    ContainerId _created, _running, _exited, _other;

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        _h.Images.Add("alpine:3", new RunConfig { Cmd = ["sh"] });
        _created = await _h.CreateAsync("created1", new RunConfig { Labels = new() { ["env"] = "dev" } });
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        _running = await _h.RunAsync("running1", new RunConfig { Labels = new() { ["env"] = "prod", ["tier"] = "web" } });
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        _exited = await _h.RunAsync("exited1");
        _h.Runtime.Exit(_exited, 3);
        await ContainerHarness.Eventually(() => _h.State(_exited).Status == ContainerStatus.Exited, "exit");
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        _other = (await _h.Service.CreateAsync(new ContainerCreateSpec { Name = "other1", Image = "alpine:3", Config = new RunConfig() }, None)).Id;
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    async Task<List<ContainerId>> List(bool all = true, int limit = 0, params (string Key, string Value)[] filters)
    {
        var set = new FilterSet(filters.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(f => f.Value).ToList()));
        var result = await _h.Service.ListAsync(new ContainerListRequest { All = all, Limit = limit, Filters = set }, None);
        return result.Select(r => r.Container.Id).ToList();
    }

    [Fact]
    public async Task Running_only_by_default_newest_first_and_limit_implies_all()
    {
        Assert.Equal([_running], await List(all: false));
        Assert.Equal([_other, _exited, _running, _created], await List());
        Assert.Equal([_other, _exited], await List(all: false, limit: 2));
    }

    [Fact]
    public async Task Filters_select_as_dockerd_does()
    {
        Assert.Equal([_running], await List(true, 0, ("label", "env=prod")));
        Assert.Equal([_running, _created], await List(true, 0, ("label", "env")));
        Assert.Equal([_exited], await List(false, 0, ("status", "exited")));
        Assert.Equal([_other, _created], await List(true, 0, ("status", "created")));
        Assert.Equal([_exited], await List(false, 0, ("exited", "3")));
        Assert.Empty(await List(true, 0, ("exited", "0")));
        Assert.Equal([_running], await List(true, 0, ("name", "running")));
        Assert.Equal([_running], await List(true, 0, ("name", "^/running1$")));
        Assert.Equal([_other, _created], await List(true, 0, ("name", "created1"), ("name", "^/oth")));
        Assert.Equal([_created], await List(true, 0, ("id", _created.Value[..10])));
        Assert.Equal([_other], await List(true, 0, ("ancestor", "alpine:3")));
        Assert.Equal([_exited, _running, _created], await List(true, 0, ("ancestor", "busybox")));
        Assert.Equal([_running, _created], await List(true, 0, ("before", "exited1")));
        Assert.Equal([_other, _exited], await List(true, 0, ("since", "running1")));
        Assert.Equal([_other, _exited, _running, _created], await List(true, 0, ("health", "none")));
        Assert.Equal([_other, _exited, _running, _created], await List(true, 0, ("network", "bridge")));
    }

    [Fact]
    public async Task Bad_filters_are_invalid_arguments()
    {
        var key = await Assert.ThrowsAsync<EngineException>(() => List(true, 0, ("bogus", "1")));
        Assert.Equal((ErrorKind.InvalidArgument, "Invalid filter 'bogus'"), (key.Kind, key.Message));
        var status = await Assert.ThrowsAsync<EngineException>(() => List(true, 0, ("status", "sleeping")));
        Assert.Equal(ErrorKind.InvalidArgument, status.Kind);
        var before = await Assert.ThrowsAsync<EngineException>(() => List(true, 0, ("before", "nosuch")));
        Assert.Equal("No such container: nosuch", before.Message);
    }

    [Fact]
    public async Task Summary_carries_status_text_and_sizes_when_asked()
    {
        var diff = Path.Combine(_h.Options.DataRoot, "containers", _running.Value, "diff");
        File.WriteAllBytes(Path.Combine(diff, "file"), new byte[123]);
        var list = await _h.Service.ListAsync(new ContainerListRequest { Size = true }, None);
        var running = Assert.Single(list);
        Assert.Equal("Up 2 seconds", running.StatusText);
        Assert.Equal(123, running.SizeRw);
        Assert.Equal(123 + _h.Busybox.Size, running.SizeRootFs);
        var df = await _h.Service.DiskUsageAsync(None);
        Assert.Equal(4, df.Count);
        Assert.All(df, d => Assert.NotNull(d.SizeRw));
    }

    [Fact]
    public async Task Prune_removes_stopped_containers_matching_label_and_until()
    {
        var labelled = await _h.Service.PruneAsync(new FilterSet(new Dictionary<string, IReadOnlyCollection<string>> { ["label"] = ["env=dev"] }), None);
        Assert.Equal([_created], labelled.Deleted);
        var old = await _h.Service.PruneAsync(new FilterSet(new Dictionary<string, IReadOnlyCollection<string>> { ["until"] = ["500ms"] }), None);
        Assert.Equal([_exited], old.Deleted);   // created 1 s ago; "other" was created now, after the cut
        var rest = await _h.Service.PruneAsync(FilterSet.Empty, None);
        Assert.Equal([_other], rest.Deleted);
        Assert.Equal([_running], await List());
        Assert.Contains(_h.Events.Events, e => e.Action == "prune");
        var bad = await Assert.ThrowsAsync<EngineException>(() => _h.Service.PruneAsync(new FilterSet(new Dictionary<string, IReadOnlyCollection<string>> { ["status"] = ["x"] }), None));
        Assert.Equal("Invalid filter 'status'", bad.Message);
    }

    [Fact]
    public async Task Changes_come_from_the_rootfs_mounter_with_the_images_layers()
    {
        _h.Rootfs.Changes.Add(new FileChange("/tmp/x", FileChangeKind.Added));
        Assert.Equal([new FileChange("/tmp/x", FileChangeKind.Added)], await _h.Service.ChangesAsync("running1", None));
    }

    [Fact]
    public async Task Logs_read_the_containers_log_and_validate_streams()
    {
        var log = _h.Store.Get(_exited)!.Paths.LogPath;
        File.WriteAllText(log, "2026-01-02T03:04:05.000000001Z stdout F hi\n");
        var logs = await _h.Service.LogsAsync("exited1", new LogRequest(), None);
        Assert.False(logs.Tty);
        var entries = new List<string>();
        await foreach (var e in logs.Entries) entries.Add(System.Text.Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal(["hi\n"], entries);
        var none = await Assert.ThrowsAsync<EngineException>(() => _h.Service.LogsAsync("exited1", new LogRequest { Stdout = false, Stderr = false }, None));
        Assert.Equal("Bad parameters: you must choose at least one stream", none.Message);
    }
}
