using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Testing.Containers;

namespace Wharf.Engine.Tests.Containers;

public sealed class RestoreTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task A_running_container_stays_running_and_its_exits_are_followed_again()
    {
        var id = await _h.RunAsync("live");
        var pid = _h.State(id).Pid;
        var runtime = new FakeOciRuntime(_h.Clock);
        runtime.Seed(id, RuntimeStatus.Running, pid);
        await _h.RestartDaemonAsync(runtime);

        Assert.Equal(ContainerStatus.Running, _h.State(id).Status);
        Assert.Equal(pid, _h.State(id).Pid);
        await _h.Service.StopAsync("live", new StopRequest(), None);
        Assert.Equal((ContainerStatus.Exited, 143), (_h.State(id).Status, _h.State(id).ExitCode));
    }

    [Fact]
    public async Task An_exit_that_happened_while_down_is_recorded_with_its_real_code()
    {
        var id = await _h.RunAsync("died");
        var runtime = new FakeOciRuntime(_h.Clock);
        runtime.Seed(id, RuntimeStatus.Stopped, 1);
        runtime.Exit(id, 42);   // replayed on subscription
        await _h.RestartDaemonAsync(runtime);
        await ContainerHarness.Eventually(() => _h.State(id).Status == ContainerStatus.Exited, "replayed exit");
        Assert.Equal(42, _h.State(id).ExitCode);
        Assert.Contains("die", _h.Actions(id));
    }

    [Fact]
    public async Task A_container_the_runtime_forgot_is_exited_with_255()
    {
        var id = await _h.RunAsync("lost");
        await _h.RestartDaemonAsync(new FakeOciRuntime(_h.Clock));
        Assert.Equal((ContainerStatus.Exited, 255), (_h.State(id).Status, _h.State(id).ExitCode));
    }

    [Fact]
    public async Task Restart_policies_resume_and_a_paused_container_stays_paused()
    {
        var always = await _h.RunAsync("always", host: new HostSettings { RestartPolicy = new RestartPolicy("always") });
        await _h.Service.StopAsync("always", new StopRequest(), None);
        var unless = await _h.RunAsync("unless", host: new HostSettings { RestartPolicy = new RestartPolicy("unless-stopped") });
        await _h.Service.StopAsync("unless", new StopRequest(), None);
        var paused = await _h.RunAsync("paused");
        await _h.Service.PauseAsync("paused", None);
        var created = await _h.CreateAsync("created", host: new HostSettings { RestartPolicy = new RestartPolicy("always") });

        var runtime = new FakeOciRuntime(_h.Clock);
        runtime.Seed(paused, RuntimeStatus.Paused, _h.State(paused).Pid);
        await _h.RestartDaemonAsync(runtime);

        Assert.Equal(ContainerStatus.Running, _h.State(always).Status);      // always: even after a user stop
        Assert.Equal(ContainerStatus.Exited, _h.State(unless).Status);      // unless-stopped: the user stopped it
        Assert.Equal(ContainerStatus.Paused, _h.State(paused).Status);
        Assert.Equal(ContainerStatus.Created, _h.State(created).Status);
        Assert.Equal(RuntimeStatus.Running, runtime.StatusOf(always));
    }

    [Fact]
    public async Task Nothing_is_lost_or_duplicated_across_restarts()
    {
        await _h.CreateAsync("one");
        await _h.RunAsync("two");
        var before = _h.Store.All().OrderBy(c => c.Name).Select(c => (c.Id, c.Name, c.Created)).ToList();
        var runtime = new FakeOciRuntime(_h.Clock);
        runtime.Seed(_h.Store.FindByName("two")!.Id, RuntimeStatus.Running, 5);
        await _h.RestartDaemonAsync(runtime);
        await _h.RestartDaemonAsync(runtime);
        Assert.Equal(before, _h.Store.All().OrderBy(c => c.Name).Select(c => (c.Id, c.Name, c.Created)).ToList());
    }
}
