using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Containers.Health;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class ExecAndHealthTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Exec_lifecycle_create_start_exit_with_events()
    {
        var id = await _h.RunAsync("box");
        var exec = _h.Exec;
        _h.Runtime.OnExec = _ => (4, "out\n");
        var execId = await exec.CreateAsync("box", new ExecCreateRequest { Cmd = ["sh", "-c", "exit 4"], Env = ["A=1"], User = "nobody", AttachStdout = true }, None);
        var before = await exec.InspectAsync(execId, None);
        Assert.Equal((false, (int?)null, id), (before.Running, before.ExitCode, before.ContainerId));
        Assert.Contains(execId, (await _h.Service.InspectAsync("box", false, None)).ExecIds);

        var started = await exec.StartAsync(execId, detach: false, None);
        var output = new List<string>();
        await foreach (var chunk in started.Streams!.ReadOutputAsync(None)) output.Add(System.Text.Encoding.UTF8.GetString(chunk.Data.Span));
        Assert.Equal(["out\n"], output);
        Assert.Equal(4, await started.Exited);
        var after = await exec.InspectAsync(execId, None);
        Assert.Equal((false, (int?)4), (after.Running, after.ExitCode));
        var resize = await Assert.ThrowsAsync<EngineException>(() => exec.ResizeAsync(execId, new Wharf.Engine.Containers.Runtime.TerminalSize(30, 100), None));
        Assert.Equal("cannot resize a stopped container: unknown", resize.Message);

        var spec = _h.Bundles.Execs.Single();
        Assert.Equal(["sh", "-c", "exit 4"], spec.Request.Cmd);
        Assert.Equal(("nobody", "A=1"), (spec.Request.User, spec.Request.Env.Single()));
        Assert.Equal(execId, _h.Runtime.Execs.Single().ExecId);
        await ContainerHarness.Eventually(() => _h.Actions(id).Contains("exec_die"), "exec_die");
        Assert.Equal(["create", "start", "exec_create: sh -c exit 4", "exec_start: sh -c exit 4", "exec_die"], _h.Actions(id));
        var die = _h.Events.Events.Single(e => e.Action == "exec_die");
        Assert.Equal((execId, "4"), (die.Attributes["execID"], die.Attributes["exitCode"]));

        var twice = await Assert.ThrowsAsync<EngineException>(() => exec.StartAsync(execId, false, None));
        Assert.Equal(ErrorKind.Conflict, twice.Kind);
        var missing = await Assert.ThrowsAsync<EngineException>(() => exec.InspectAsync("nope", None));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Exec_sessions_end_with_their_container()
    {
        await _h.RunAsync("short");
        var exec = _h.Exec;
        var execId = await exec.CreateAsync("short", new ExecCreateRequest { Cmd = ["true"] }, None);
        await _h.Service.RemoveAsync("short", new RemoveRequest(Force: true), None);
        var e = await Assert.ThrowsAsync<EngineException>(() => exec.InspectAsync(execId, None));
        Assert.Equal((ErrorKind.NotFound, $"No such exec instance: {execId}"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task Detached_exec_runs_without_a_reader()
    {
        await _h.RunAsync("det");
        var exec = _h.Exec;
        var execId = await exec.CreateAsync("det", new ExecCreateRequest { Cmd = ["true"] }, None);
        var started = await exec.StartAsync(execId, detach: true, None);
        Assert.Null(started.Streams);
        await ContainerHarness.Eventually(() => exec.InspectAsync(execId, None).Result.ExitCode == 0, "detached exit");
    }

    [Fact]
    public async Task Exec_in_a_paused_or_stopped_container_is_a_conflict()
    {
        var id = await _h.RunAsync("pz");
        await _h.Service.PauseAsync("pz", None);
        var paused = await Assert.ThrowsAsync<EngineException>(() => _h.Exec.CreateAsync("pz", new ExecCreateRequest { Cmd = ["ls"] }, None));
        Assert.Equal((ErrorKind.Conflict, "Container pz is paused, unpause the container before exec"), (paused.Kind, paused.Message));
        await _h.Service.UnpauseAsync("pz", None);
        await _h.Service.StopAsync("pz", new StopRequest(), None);
        var stopped = await Assert.ThrowsAsync<EngineException>(() => _h.Exec.CreateAsync("pz", new ExecCreateRequest { Cmd = ["ls"] }, None));
        Assert.Equal((ErrorKind.Conflict, $"Container {id} is not running"), (stopped.Kind, stopped.Message));
    }

    [Fact]
    public void Health_rules_move_between_starting_healthy_and_unhealthy()
    {
        var t = DateTimeOffset.UnixEpoch;
        HealthProbeResult Fail(int i) => new(t.AddSeconds(i), t.AddSeconds(i), 1, "no");
        var s = new HealthState(HealthState.Starting, 0, []);
        s = HealthRules.Apply(s, Fail(0), inStartPeriod: true, retries: 2);
        Assert.Equal((HealthState.Starting, 0, 1), (s.Status, s.FailingStreak, s.Log.Count));
        s = HealthRules.Apply(s, Fail(1), inStartPeriod: false, retries: 2);
        Assert.Equal((HealthState.Starting, 1), (s.Status, s.FailingStreak));
        s = HealthRules.Apply(s, Fail(2), inStartPeriod: false, retries: 2);
        Assert.Equal((HealthState.Unhealthy, 2), (s.Status, s.FailingStreak));
        s = HealthRules.Apply(s, new HealthProbeResult(t, t, 0, "ok"), inStartPeriod: false, retries: 2);
        Assert.Equal((HealthState.Healthy, 0), (s.Status, s.FailingStreak));
        for (var i = 0; i < 10; i++) s = HealthRules.Apply(s, Fail(10 + i), false, 100);
        Assert.Equal(5, s.Log.Count);
        Assert.Equal(t.AddSeconds(19), s.Log[^1].Start);
        Assert.Equal(["/bin/sh", "-c", "curl x"], HealthRules.Command(new HealthConfig { Test = ["CMD-SHELL", "curl x"] }));
        Assert.Equal(["true"], HealthRules.Command(new HealthConfig { Test = ["CMD", "true"] }));
        Assert.Null(HealthRules.Command(new HealthConfig { Test = ["NONE"] }));
        Assert.Equal("30s", HealthRules.GoDuration(TimeSpan.FromSeconds(30)));
        Assert.Equal("1m30s", HealthRules.GoDuration(TimeSpan.FromSeconds(90)));
    }

    [Fact]
    public async Task Health_monitor_probes_on_the_clock_and_publishes_status_changes()
    {
        var healthy = false;
        _h.Runtime.OnExec = _ => (Volatile.Read(ref healthy) ? 0 : 1, "probe\n");
        var id = await _h.RunAsync("hc", new RunConfig
        {
            Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "check"], Interval = 1_000_000_000, Retries = 2 },
        });
        Assert.Equal(HealthState.Starting, _h.State(id).Health!.Status);

        async Task Tick(int probes)
        {
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
            await ContainerHarness.Eventually(() => _h.State(id).Health!.Log.Count == probes, $"probe {probes}");
        }
        await Tick(1);
        Assert.Equal((HealthState.Starting, 1), (_h.State(id).Health!.Status, _h.State(id).Health!.FailingStreak));
        await Tick(2);
        Assert.Equal(HealthState.Unhealthy, _h.State(id).Health!.Status);
        Volatile.Write(ref healthy, true);
        await Tick(3);
        Assert.Equal(HealthState.Healthy, _h.State(id).Health!.Status);
        Assert.Equal("probe\n", _h.State(id).Health!.Log[^1].Output);
        Assert.Equal(["/bin/sh", "-c", "check"], _h.Bundles.Execs[0].Request.Cmd);
        Assert.Contains("health_status: unhealthy", _h.Actions(id));
        Assert.Contains("health_status: healthy", _h.Actions(id));
        var list = await _h.Service.ListAsync(new ContainerListRequest
        {
            Filters = new Filters.FilterSet(new Dictionary<string, IReadOnlyCollection<string>> { ["health"] = ["healthy"] }),
        }, None);
        Assert.Equal(id, Assert.Single(list).Container.Id);
        Assert.EndsWith("(healthy)", list[0].StatusText);
    }

    [Fact]
    public async Task Failures_during_the_start_period_do_not_count()
    {
        _h.Runtime.OnExec = _ => (1, "");
        var id = await _h.RunAsync("sp", new RunConfig
        {
            Healthcheck = new HealthConfig { Test = ["CMD", "false"], Interval = 1_000_000_000, StartPeriod = 3_500_000_000, Retries = 1 },
        });
        for (var probes = 1; probes <= 3; probes++)
        {
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
            var n = probes;
            await ContainerHarness.Eventually(() => _h.State(id).Health!.Log.Count == n, $"probe {n}");
            Assert.Equal((HealthState.Starting, 0), (_h.State(id).Health!.Status, _h.State(id).Health!.FailingStreak));
        }
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await ContainerHarness.Eventually(() => _h.State(id).Health!.Log.Count == 4, "probe after the start period");
        Assert.Equal((HealthState.Unhealthy, 1), (_h.State(id).Health!.Status, _h.State(id).Health!.FailingStreak));
    }

    [Fact]
    public async Task A_probe_that_hangs_times_out()
    {
        _h.Runtime.OnExec = _ => (null, "");
        var id = await _h.RunAsync("slow", new RunConfig
        {
            Healthcheck = new HealthConfig { Test = ["CMD", "sleep", "99"], Interval = 1_000_000_000, Timeout = 2_000_000_000, Retries = 1 },
        });
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await ContainerHarness.Eventually(() => _h.Runtime.Execs.Count == 1, "probe started");
        for (var i = 0; i < 50 && _h.State(id).Health!.Log.Count == 0; i++)
        {
            _h.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(2);
        }
        var result = Assert.Single(_h.State(id).Health!.Log);
        Assert.Equal((-1, "Health check exceeded timeout (2s)"), (result.ExitCode, result.Output));
        Assert.Equal(HealthState.Unhealthy, _h.State(id).Health!.Status);
    }
}
