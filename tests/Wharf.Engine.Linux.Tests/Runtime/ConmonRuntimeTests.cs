using System.Text;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Linux.Runtime;
using Wharf.Testing.Daemon;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>Real runc under real conmon: the whole life of containers and exec sessions through <see cref="ConmonRuntime"/>.</summary>
public sealed class ConmonRuntimeTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    static CancellationToken Ct => CancellationToken.None;

    [RootFact]
    public async Task A_container_that_prints_and_exits_at_once_loses_no_byte_and_reports_its_exit_code()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sh", "-c", "echo hello; echo oops >&2; exit 3"]);

        var process = await h.Runtime.CreateAsync(request, Ct);
        Assert.True(process.Pid > 0);
        Assert.True(RuntimeHarness.IsAlive(process.MonitorPid));
        Assert.Equal(new RuntimeState(RuntimeStatus.Created, process.Pid), await h.Runtime.StateAsync(request.Id, Ct));
        await using var streams = await h.Runtime.AttachAsync(request.Id, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);

        var (stdout, stderr) = await RuntimeHarness.ReadAllAsync(streams, Timeout);
        Assert.Equal("hello\n", stdout);
        Assert.Equal("oops\n", stderr);
        var exit = await exits.WaitAsync(request.Id);
        Assert.Equal(3, exit.ExitCode);
        Assert.False(exit.OomKilled);
        Assert.Equal(RuntimeStatus.Stopped, (await h.Runtime.StateAsync(request.Id, Ct)).Status);
        Assert.Contains("hello", await File.ReadAllTextAsync(request.LogPath));

        await h.Runtime.DeleteAsync(request.Id, force: false, Ct);
        Assert.Equal(RuntimeStatus.Unknown, (await h.Runtime.StateAsync(request.Id, Ct)).Status);
        Assert.False(File.Exists(Path.Combine(h.ExecRoot, "exits", request.Id.Value)));
    }

    [RootFact]
    public async Task Stdin_is_piped_to_the_container_and_closing_it_ends_the_input()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["cat"], openStdin: true, stdinOnce: true);
        await h.Runtime.CreateAsync(request, Ct);
        await using var streams = await h.Runtime.AttachAsync(request.Id, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);

        var big = new string('x', 20000) + "\n";
        await streams.WriteStdinAsync(Encoding.UTF8.GetBytes("ping\n" + big), Ct);
        await streams.CloseStdinAsync(Ct);

        var (stdout, _) = await RuntimeHarness.ReadAllAsync(streams, Timeout);
        Assert.Equal("ping\n" + big, stdout);
        Assert.Equal(0, (await exits.WaitAsync(request.Id)).ExitCode);
    }

    [RootFact]
    public async Task A_tty_container_sees_the_size_it_is_resized_to()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sh", "-c", "read x; stty size"], tty: true, openStdin: true, stdinOnce: true);
        await h.Runtime.CreateAsync(request, Ct);
        await using var streams = await h.Runtime.AttachAsync(request.Id, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        await h.Runtime.ResizeAsync(request.Id, new TerminalSize(40, 100), Ct);
        await streams.WriteStdinAsync("go\n"u8.ToArray(), Ct);

        var (stdout, stderr) = await RuntimeHarness.ReadAllAsync(streams, Timeout);
        Assert.Contains("40 100", stdout);
        Assert.Equal("", stderr); // a TTY has one stream
        Assert.Equal(0, (await exits.WaitAsync(request.Id)).ExitCode);
    }

    [RootFact]
    public async Task Back_to_back_resizes_end_at_the_last_size()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sleep", "1000"], tty: true, openStdin: true);
        var process = await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);

        // The docker CLI's attach resizes to one more row and column and then at once to the real size. conmon parses
        // every message in one read as the first, so two messages read together would leave the first size for good.
        // A resize returns once conmon has read it; its ioctl follows a moment later, hence the short wait.
        for (var round = 0; round < 20; round++)
        {
            var (rows, cols) = ((ushort)(30 + round), (ushort)(90 + round));
            await h.Runtime.ResizeAsync(request.Id, new TerminalSize((ushort)(rows + 1), (ushort)(cols + 1)), Ct);
            await h.Runtime.ResizeAsync(request.Id, new TerminalSize(rows, cols), Ct);
            await Wharf.Testing.Poll.UntilAsync(async () => await TerminalSizeOfAsync(process.Pid) == $"{rows} {cols}",
                $"the terminal to be {rows} {cols} (round {round})", seconds: 2);
        }
        await h.Runtime.KillAsync(request.Id, 9, all: false, Ct);
        await exits.WaitAsync(request.Id);
    }

    // The size the container's process sees on its terminal, read by the host's stty through the process's stdin.
    static async Task<string> TerminalSizeOfAsync(int pid)
    {
        var run = await ProcessRunner.RunAsync("stty", ["-F", $"/proc/{pid}/fd/0", "size"], timeout: Timeout);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Trim();
    }

    [RootFact]
    public async Task Pause_resume_and_kill_with_SIGTERM_then_SIGKILL()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var trapping = h.Bundle(["sh", "-c", "trap 'exit 7' TERM; while true; do sleep 0.1; done"]);
        var stubborn = h.Bundle(["sleep", "1000"]); // pid 1 ignores SIGTERM without a handler
        foreach (var r in new[] { trapping, stubborn })
        {
            await h.Runtime.CreateAsync(r, Ct);
            await h.Runtime.StartAsync(r.Id, Ct);
        }
        Assert.Equal(RuntimeStatus.Running, (await h.Runtime.StateAsync(stubborn.Id, Ct)).Status);
        await h.Runtime.PauseAsync(stubborn.Id, Ct);
        Assert.Equal(RuntimeStatus.Paused, (await h.Runtime.StateAsync(stubborn.Id, Ct)).Status);
        await h.Runtime.ResumeAsync(stubborn.Id, Ct);
        Assert.Equal(RuntimeStatus.Running, (await h.Runtime.StateAsync(stubborn.Id, Ct)).Status);

        var running = await Assert.ThrowsAsync<EngineException>(async () => await h.Runtime.DeleteAsync(stubborn.Id, force: false, Ct));
        Assert.Equal(ErrorKind.Conflict, running.Kind);
        await h.Runtime.KillAsync(trapping.Id, 15, all: false, Ct);
        Assert.Equal(7, (await exits.WaitAsync(trapping.Id)).ExitCode);
        await h.Runtime.KillAsync(stubborn.Id, 15, all: false, Ct);
        await h.Runtime.KillAsync(stubborn.Id, 9, all: false, Ct);
        Assert.Equal(137, (await exits.WaitAsync(stubborn.Id)).ExitCode);
        await h.Runtime.DeleteAsync(stubborn.Id, force: false, Ct);
        await h.Runtime.DeleteAsync(trapping.Id, force: false, Ct);
    }

    [RootFact]
    public async Task Runtime_errors_keep_runcs_words()
    {
        await using var h = new RuntimeHarness();
        var request = h.Bundle(["/no/such/program"]);
        var e = await Assert.ThrowsAsync<EngineException>(async () => await h.Runtime.CreateAsync(request, Ct));
        Assert.Contains("no such file or directory", e.Message);
        var missing = await Assert.ThrowsAsync<EngineException>(async () => await h.Runtime.StartAsync(request.Id, Ct));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Contains("does not exist", missing.Message);
    }

    [RootFact]
    public async Task An_exec_runs_once_attached_and_reports_its_exit_code()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sleep", "1000"]);
        await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);

        var execId = Wharf.Engine.Containers.ContainerId.New().Value;
        var dir = h.Combine("exec-" + execId[..12]);
        var spec = h.ProcessSpec(dir, ["sh", "-c", "echo in-exec; read line; echo got $line >&2; exit 5"]);
        await using (var streams = await h.Runtime.ExecAsync(new RuntimeExecRequest(request.Id, execId, spec, dir, Tty: false, OpenStdin: true), Ct))
        {
            await streams.WriteStdinAsync("abc\n"u8.ToArray(), Ct);
            var (stdout, stderr) = await RuntimeHarness.ReadAllAsync(streams, Timeout);
            Assert.Equal("in-exec\n", stdout);
            Assert.Equal("got abc\n", stderr);
        }
        var exit = await exits.WaitAsync(request.Id, execId);
        Assert.Equal(5, exit.ExitCode);
        Assert.Equal(RuntimeStatus.Running, (await h.Runtime.StateAsync(request.Id, Ct)).Status);

        var missing = h.ProcessSpec(h.Combine("exec-missing"), ["/no/such/program"]);
        var e = await Assert.ThrowsAsync<EngineException>(async () =>
            await h.Runtime.ExecAsync(new RuntimeExecRequest(request.Id, Wharf.Engine.Containers.ContainerId.New().Value, missing, h.Combine("exec-missing"), false, false), Ct));
        Assert.Contains("no such file or directory", e.Message);

        await h.Runtime.KillAsync(request.Id, 9, all: true, Ct);
        await exits.WaitAsync(request.Id);
        await h.Runtime.DeleteAsync(request.Id, force: false, Ct);
    }

    [RootFact]
    public async Task A_tty_exec_can_be_resized()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sleep", "1000"]);
        await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        var execId = Wharf.Engine.Containers.ContainerId.New().Value;
        var dir = h.Combine("exec-" + execId[..12]);
        // conmon reads its control FIFO and the attach socket in no set order: the shell polls for the size (5 s at most)
        // rather than racing the resize with the input that follows it.
        var spec = h.ProcessSpec(dir, ["sh", "-c", "echo ready; read x; for i in $(seq 50); do [ \"$(stty size)\" = '33 77' ] && break; sleep 0.1; done; stty size"], tty: true);

        await using var streams = await h.Runtime.ExecAsync(new RuntimeExecRequest(request.Id, execId, spec, dir, Tty: true, OpenStdin: true), Ct);
        // Resize once the process runs on its terminal (conmon drops a resize that comes before the terminal exists).
        var stdout = new System.Text.StringBuilder();
        using var cts = new CancellationTokenSource(Timeout);
        var resized = false;
        await foreach (var chunk in streams.ReadOutputAsync(cts.Token))
        {
            stdout.Append(System.Text.Encoding.UTF8.GetString(chunk.Data.Span));
            if (resized || !stdout.ToString().Contains("ready", StringComparison.Ordinal)) continue;
            await h.Runtime.ResizeExecAsync(request.Id, execId, new TerminalSize(33, 77), Ct);
            await streams.WriteStdinAsync("go\n"u8.ToArray(), Ct);
            resized = true;
        }
        Assert.Contains("33 77", stdout.ToString());
        Assert.Equal(0, (await exits.WaitAsync(request.Id, execId)).ExitCode);
        var ended = await Assert.ThrowsAsync<EngineException>(async () => await h.Runtime.ResizeExecAsync(request.Id, execId, new TerminalSize(1, 1), Ct));
        Assert.Equal(ErrorKind.NotFound, ended.Kind);
        await h.Runtime.DeleteAsync(request.Id, force: true, Ct);
    }

    [RootFact]
    public async Task A_container_outlives_the_runtime_instance_and_a_new_one_attaches_and_sees_its_exit()
    {
        await using var h = new RuntimeHarness();
        var request = h.Bundle(["sh", "-c", "read x; echo bye $x; exit 4"], openStdin: true);
        var first = h.Runtime;
        var process = await first.CreateAsync(request, Ct);
        await first.StartAsync(request.Id, Ct);
        var early = h.Bundle(["sh", "-c", "exit 9"]);
        await first.CreateAsync(early, Ct);
        await first.StartAsync(early.Id, Ct);
        // The daemon goes away: nothing of the first instance is used again.

        var second = h.NewRuntime();
        Assert.Equal(RuntimeStatus.Running, (await second.StateAsync(request.Id, Ct)).Status);
        Assert.True(RuntimeHarness.IsAlive(process.MonitorPid));
        await using var exits = new ExitCollector(second);
        Assert.Equal(9, (await exits.WaitAsync(early.Id)).ExitCode); // exited while nobody watched: replayed
        await using (var streams = await second.AttachAsync(request.Id, Ct))
        {
            await streams.WriteStdinAsync("now\n"u8.ToArray(), Ct);
            var (stdout, _) = await RuntimeHarness.ReadAllAsync(streams, Timeout);
            Assert.Equal("bye now\n", stdout);
        }
        Assert.Equal(4, (await exits.WaitAsync(request.Id)).ExitCode);
        Assert.Equal(1, exits.Count(request.Id));
        await second.DeleteAsync(request.Id, force: false, Ct);
        await second.DeleteAsync(early.Id, force: false, Ct);
        Assert.False(Directory.Exists(Path.Combine(h.ExecRoot, "conmon", request.Id.Value)));
    }

    [RootFact]
    public async Task A_container_killed_for_memory_reports_OomKilled()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        const long limit = 16 * 1024 * 1024;
        // /dev/zero has no newline: tail keeps the whole "line" in memory until the cgroup's OOM killer ends it.
        var request = h.Bundle(["sh", "-c", "head -c 500000000 /dev/zero | tail"], resources: new OciResources(new OciMemory(limit, limit), null));
        await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);

        var exit = await exits.WaitAsync(request.Id, timeout: TimeSpan.FromSeconds(60));
        Assert.True(exit.OomKilled);
        await h.Runtime.DeleteAsync(request.Id, force: false, Ct);
    }

    [RootFact]
    public async Task Without_StdinOnce_stdin_stays_open_for_the_next_attach()
    {
        await using var h = new RuntimeHarness();
        await using var exits = new ExitCollector(h.Runtime);
        var request = h.Bundle(["sh", "-c", "read a; read b; echo $a$b"], openStdin: true, stdinOnce: false);
        await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        await using (var first = await h.Runtime.AttachAsync(request.Id, Ct))
        {
            await first.WriteStdinAsync("x\n"u8.ToArray(), Ct);
            await first.CloseStdinAsync(Ct);
        }
        await using var second = await h.Runtime.AttachAsync(request.Id, Ct);
        Assert.Equal(RuntimeStatus.Running, (await h.Runtime.StateAsync(request.Id, Ct)).Status);
        await second.WriteStdinAsync("y\n"u8.ToArray(), Ct);

        var (stdout, _) = await RuntimeHarness.ReadAllAsync(second, Timeout);
        Assert.Equal("xy\n", stdout);
        Assert.Equal(0, (await exits.WaitAsync(request.Id)).ExitCode);
    }

    [RootFact]
    public async Task Detaching_ends_the_output_and_leaves_the_container_running()
    {
        await using var h = new RuntimeHarness();
        var request = h.Bundle(["sh", "-c", "echo started; sleep 1000"]);
        await h.Runtime.CreateAsync(request, Ct);
        var streams = await h.Runtime.AttachAsync(request.Id, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        await using var output = streams.ReadOutputAsync(Ct).GetAsyncEnumerator();
        Assert.True(await output.MoveNextAsync());
        Assert.Equal("started\n", Encoding.UTF8.GetString(output.Current.Data.Span));

        var next = output.MoveNextAsync().AsTask();
        await streams.DisposeAsync();
        Assert.False(await next.WaitAsync(Timeout));
        Assert.Equal(RuntimeStatus.Running, (await h.Runtime.StateAsync(request.Id, Ct)).Status);
        await h.Runtime.DeleteAsync(request.Id, force: true, Ct);
    }
}
