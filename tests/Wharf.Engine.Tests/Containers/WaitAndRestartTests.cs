using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

public sealed class WaitAndRestartTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Not_running_returns_at_once_for_a_stopped_container_and_at_the_exit_for_a_running_one()
    {
        await _h.CreateAsync("w0");
        var now = await _h.Service.WaitAsync("w0", WaitCondition.NotRunning, None);
        Assert.Equal(new WaitResult(0, null), await now.Result);

        var id = await _h.RunAsync("w1");
        var wait = await _h.Service.WaitAsync("w1", WaitCondition.NotRunning, None);
        Assert.False(wait.Result.IsCompleted);
        _h.Runtime.Exit(id, 3);
        Assert.Equal(new WaitResult(3, null), await wait.Result);
    }

    [Fact]
    public async Task Next_exit_waits_for_the_next_run_even_when_stopped()
    {
        var id = await _h.CreateAsync("nx");
        var wait = await _h.Service.WaitAsync("nx", WaitCondition.NextExit, None);
        Assert.False(wait.Result.IsCompleted);
        await _h.Service.StartAsync("nx", None);
        Assert.False(wait.Result.IsCompleted);
        _h.Runtime.Exit(id, 5);
        Assert.Equal(5, (await wait.Result).ExitCode);
    }

    [Fact]
    public async Task Removed_with_AutoRemove_returns_the_exit_code_after_the_container_is_gone()
    {
        var id = await _h.CreateAsync("rm", host: new HostSettings { AutoRemove = true });
        var wait = await _h.Service.WaitAsync("rm", WaitCondition.Removed, None);
        _h.Runtime.ExitOnStart = _ => 7;
        await _h.Service.StartAsync("rm", None);
        Assert.Equal(7, (await wait.Result).ExitCode);
        Assert.Null(_h.Store.Get(id));
        Assert.Equal(["create", "start", "die", "destroy"], _h.Actions(id));
        var gone = await Assert.ThrowsAsync<EngineException>(() => _h.Service.WaitAsync("rm", WaitCondition.NotRunning, None));
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task Removed_waits_for_an_explicit_remove()
    {
        await _h.CreateAsync("later");
        var wait = await _h.Service.WaitAsync("later", WaitCondition.Removed, None);
        Assert.False(wait.Result.IsCompleted);
        await _h.Service.RemoveAsync("later", new RemoveRequest(), None);
        Assert.Equal(0, (await wait.Result).ExitCode);
    }

    [Fact]
    public async Task On_failure_2_restarts_exactly_twice_with_doubling_back_off()
    {
        _h.Runtime.ExitOnStart = _ => 1;
        var id = await _h.CreateAsync("flaky", host: new HostSettings { RestartPolicy = new RestartPolicy("on-failure", 2) });
        await _h.Service.StartAsync("flaky", None);
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Restarting, "first back-off");

        _h.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(ContainerStatus.Restarting, _h.State(id).Status);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await ContainerHarness.Eventually(() => _h.Actions(id).Count(a => a == "die") == 2 && _h.State(id).Status == ContainerStatus.Restarting, "second back-off");

        _h.Clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(1, _h.State(id).RestartCount);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Exited, "gives up");

        var state = _h.State(id);
        Assert.Equal((2, 1), (state.RestartCount, state.ExitCode));
        Assert.Equal(3, _h.Runtime.CallLog.Count(c => c.StartsWith("start ", StringComparison.Ordinal)));
        Assert.Equal(["create", "start", "die", "start", "die", "start", "die"], _h.Actions(id));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(3, _h.Runtime.CallLog.Count(c => c.StartsWith("start ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task On_failure_does_not_restart_a_clean_exit_and_always_does()
    {
        var clean = await _h.RunAsync("clean", host: new HostSettings { NetworkMode = "none", RestartPolicy = new RestartPolicy("on-failure") });
        _h.Runtime.Exit(clean, 0);
        await ContainerHarness.Eventually(() => _h.State(clean).Status == ContainerStatus.Exited, "clean exit");

        var always = await _h.RunAsync("always", host: new HostSettings { RestartPolicy = new RestartPolicy("always") });
        _h.Runtime.Exit(always, 0);
        await ContainerHarness.Eventually(() => _h.State(always).Status == ContainerStatus.Restarting, "restarting");
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await ContainerHarness.Eventually(() => _h.State(always).Status == ContainerStatus.Running, "running again");
        Assert.Equal(1, _h.State(always).RestartCount);
    }

    [Fact]
    public async Task Back_off_resets_after_ten_seconds_of_running()
    {
        var id = await _h.RunAsync("steady", host: new HostSettings { RestartPolicy = new RestartPolicy("always") });
        _h.Runtime.Exit(id, 1);
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Restarting, "back-off 1");
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Running, "run 2");
        _h.Runtime.Exit(id, 1);   // ran for 0 s: the back-off doubles
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Restarting, "back-off 2");
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(ContainerStatus.Restarting, _h.State(id).Status);
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Running, "run 3");
        _h.Clock.Advance(TimeSpan.FromSeconds(11));
        _h.Runtime.Exit(id, 1);   // ran for 11 s: back to 100 ms
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Restarting, "back-off 3");
        _h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Running, "run 4");
    }

    [Fact]
    public async Task A_user_stop_is_never_restarted_and_stopping_during_back_off_cancels_the_restart()
    {
        var id = await _h.RunAsync("us", host: new HostSettings { RestartPolicy = new RestartPolicy("unless-stopped") });
        await _h.Service.StopAsync("us", new StopRequest(), None);
        Assert.Equal(ContainerStatus.Exited, _h.State(id).Status);
        Assert.True(_h.State(id).ManuallyStopped);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ContainerStatus.Exited, _h.State(id).Status);

        var other = await _h.RunAsync("ar", host: new HostSettings { RestartPolicy = new RestartPolicy("always") });
        _h.Runtime.Exit(other, 2);
        await ContainerHarness.Eventually(() => _h.State(other).Status == ContainerStatus.Restarting, "restarting");
        Assert.Equal(StopOutcome.Stopped, await _h.Service.StopAsync("ar", new StopRequest(), None));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ContainerStatus.Exited, _h.State(other).Status);
        Assert.Equal(1, _h.Runtime.CallLog.Count(c => c == $"start {other.Short}"));
    }
}
