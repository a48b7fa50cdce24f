using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Containers.Runtime;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Containers;

/// <summary>The real engine on state transitions that cross the runtime: paused stops, restarts, re-starts, late attaches, big output.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerEngineEdgeTests
{
    [RootFact]
    public async Task A_paused_container_can_be_stopped_and_force_removed()
    {
        await using var h = await EngineHarness.StartAsync();
        var stopped = await h.CreateAsync(["sleep", "100"]);
        var removed = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(stopped.Value, EngineHarness.Timeout());
        await h.Containers.StartAsync(removed.Value, EngineHarness.Timeout());
        await h.Containers.PauseAsync(stopped.Value, EngineHarness.Timeout());
        await h.Containers.PauseAsync(removed.Value, EngineHarness.Timeout());

        await h.Containers.StopAsync(stopped.Value, new StopRequest(Timeout: 1), EngineHarness.Timeout());
        Assert.Equal(ContainerStatus.Exited, (await h.InspectAsync(stopped)).State.Status);

        await h.Containers.RemoveAsync(removed.Value, new RemoveRequest(Force: true), EngineHarness.Timeout());
        Assert.Empty(EngineHarness.CgroupDirs(removed));
    }

    [RootFact]
    public async Task An_exited_container_starts_again_and_restart_replaces_the_process()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "echo run >> /runs; cat /runs | wc -l; sleep 100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var first = (await h.InspectAsync(id)).State.Pid;
        await h.Containers.StopAsync(id.Value, new StopRequest(Timeout: 0), EngineHarness.Timeout());
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var second = (await h.InspectAsync(id)).State.Pid;
        Assert.NotEqual(first, second);
        await h.Containers.RestartAsync(id.Value, 0, EngineHarness.Timeout());
        var third = await h.InspectAsync(id);
        Assert.Equal(ContainerStatus.Running, third.State.Status);
        Assert.NotEqual(second, third.State.Pid);
        await Task.Delay(300);
        var lines = (await h.LogsAsync(id, new LogRequest())).Select(e => Encoding.UTF8.GetString(e.Data.Span).Trim());
        Assert.Equal(["1", "2", "3"], lines); // the writable layer survives each start
    }

    [RootFact]
    public async Task Attaching_to_a_running_container_sees_later_output_and_stdin()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "while read line; do echo got:$line; done"], config: c => c with { OpenStdin = true, AttachStdin = true });
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using (var streams = attach.Streams)
        {
            await streams.WriteStdinAsync(Encoding.UTF8.GetBytes("a\n"), EngineHarness.Timeout());
            var reader = streams.ReadOutputAsync(EngineHarness.Timeout()).GetAsyncEnumerator();
            Assert.True(await reader.MoveNextAsync());
            Assert.Equal("got:a\n", Encoding.UTF8.GetString(reader.Current.Data.Span));
            await reader.DisposeAsync();
        }
        // Not StdinOnce: the detach leaves the container running with stdin open.
        await Task.Delay(200);
        Assert.Equal(ContainerStatus.Running, (await h.InspectAsync(id)).State.Status);
    }

    [RootFact]
    public async Task A_megabyte_of_output_arrives_whole()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sh", "-c", "seq 1 150000"]);
        var attach = await h.Containers.AttachAsync(id.Value, EngineHarness.Timeout());
        await using var streams = attach.Streams;
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var output = await EngineHarness.ReadAllAsync(streams, StdStream.Stdout);
        var expected = string.Concat(Enumerable.Range(1, 150000).Select(i => i + "\n"));
        Assert.Equal(expected.Length, output.Length);
        Assert.Equal(expected, output);
        Assert.Equal(0, await h.WaitExitAsync(id));
        Assert.Equal(150000, (await h.LogsAsync(id, new LogRequest())).Count);
    }

    [RootFact]
    public async Task Exec_stdin_user_and_workdir()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var execId = await h.Exec.CreateAsync(id.Value, new ExecCreateRequest
        {
            Cmd = ["sh", "-c", "cat; id -u; pwd"], User = "nobody", WorkingDir = "/tmp", AttachStdin = true, AttachStdout = true, AttachStderr = true,
        }, EngineHarness.Timeout());
        var started = await h.Exec.StartAsync(execId, detach: false, EngineHarness.Timeout());
        await using var streams = started.Streams!;
        await streams.WriteStdinAsync(Encoding.UTF8.GetBytes("piped\n"), EngineHarness.Timeout());
        await streams.CloseStdinAsync(EngineHarness.Timeout());
        Assert.Equal("piped\n65534\n/tmp\n", await EngineHarness.ReadAllAsync(streams));
        Assert.Equal(0, await started.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        var view = await h.Exec.InspectAsync(execId, EngineHarness.Timeout());
        Assert.False(view.Running);
        Assert.Equal(0, view.ExitCode);
    }

    [RootFact]
    public async Task Wait_next_exit_follows_a_restart()
    {
        await using var h = await EngineHarness.StartAsync();
        var id = await h.CreateAsync(["sleep", "100"]);
        await h.Containers.StartAsync(id.Value, EngineHarness.Timeout());
        var next = await h.Containers.WaitAsync(id.Value, WaitCondition.NextExit, EngineHarness.Timeout());
        await h.Containers.KillAsync(id.Value, null, EngineHarness.Timeout());
        Assert.Equal(137, (await next.Result.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
    }

    [RootFact]
    public async Task A_restarted_engine_keeps_a_paused_container_paused_and_removes_an_autoremove_one_that_exited()
    {
        await using var h = await EngineHarness.StartAsync();
        var paused = await h.CreateAsync(["sleep", "100"]);
        var auto = await h.CreateAsync(["sh", "-c", "sleep 1"], new HostSettings { AutoRemove = true });
        await h.Containers.StartAsync(paused.Value, EngineHarness.Timeout());
        await h.Containers.StartAsync(auto.Value, EngineHarness.Timeout());
        await h.Containers.PauseAsync(paused.Value, EngineHarness.Timeout());

        await h.CloseAsync();
        await Task.Delay(2000);
        await h.OpenAsync();

        Assert.Equal(ContainerStatus.Paused, (await h.InspectAsync(paused)).State.Status);
        await h.Containers.UnpauseAsync(paused.Value, EngineHarness.Timeout());
        Assert.Equal(0, (await h.ExecAsync(paused, "true")).ExitCode);
        for (var i = 0; i < 100 && h.Store.All().Any(r => r.Id == auto); i++) await Task.Delay(100);
        Assert.DoesNotContain(h.Store.All(), r => r.Id == auto);
        Assert.Empty(EngineHarness.CgroupDirs(auto));
    }
}
