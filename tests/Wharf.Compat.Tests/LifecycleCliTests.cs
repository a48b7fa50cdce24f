using System.Diagnostics;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// The lifecycle verbs with the real CLI against a real wharfd: <c>stop</c> (StopSignal, <c>-t</c>), <c>start -a</c>,
/// <c>restart</c>, <c>kill -s</c>, <c>pause</c>/<c>unpause</c>, <c>wait</c> and <c>rm -f</c> of a running container.
/// </summary>
public sealed class LifecycleCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-lifecycle-busybox:v1";
    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Stop_sends_the_configured_StopSignal_first()
    {
        var name = _c.Name("cli-stop-signal");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--stop-signal", "SIGUSR1", Image,
            "sh", "-c", "trap 'echo got-usr1; exit 0' USR1; echo ready; while :; do sleep 0.1; done"));
        await WaitForLogsAsync(name, "ready\n");
        Assert.Equal("SIGUSR1", await _c.InspectAsync(name, "{{.Config.StopSignal}}"));

        var clock = Stopwatch.StartNew();
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("stop", name)));

        // The trap answers at once; a SIGTERM (ignored by pid 1) would have cost the whole 10 s default timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}");
        Assert.Equal("exited 0", await _c.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("ready\ngot-usr1\n", Cli.Ok(await _c.RunAsync("logs", name)));
    }

    [CompatFact]
    public async Task Stop_t_sends_SIGTERM_waits_that_long_then_kills()
    {
        var name = _c.Name("cli-stop-timeout");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image,
            "sh", "-c", "trap 'echo got-term' TERM; echo ready; while :; do sleep 0.1; done"));
        await WaitForLogsAsync(name, "ready\n");

        var clock = Stopwatch.StartNew();
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("stop", "-t", "2", name)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        Assert.Equal("exited 137", await _c.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("ready\ngot-term\n", Cli.Ok(await _c.RunAsync("logs", name)));
    }

    [CompatFact]
    public async Task Start_a_prints_the_output_and_exits_with_the_container_code()
    {
        var name = _c.Name("cli-start-attach");
        Cli.Succeeds(await _c.RunAsync("create", "--name", name, Image, "sh", "-c", "echo hello-start; echo err-start >&2; exit 4"));
        Assert.Equal("created", await _c.InspectAsync(name, "{{.State.Status}}"));

        var start = await _c.RunAsync("start", "-a", name);

        Assert.True(start.ExitCode == 4, start.ToString());
        Assert.Equal("hello-start\n", start.Stdout);
        Assert.Equal("err-start\n", start.Stderr);
        Assert.Equal("exited 4", await _c.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));

        // A second start -a runs the command again.
        var again = await _c.RunAsync("start", "-a", name);
        Assert.True(again.ExitCode == 4, again.ToString());
        Assert.Equal("hello-start\n", again.Stdout);
    }

    [CompatFact]
    public async Task Restart_replaces_the_process_and_keeps_the_logs()
    {
        var name = _c.Name("cli-restart");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sh", "-c", "echo boot; exec sleep 300"));
        await WaitForLogsAsync(name, "boot\n");
        var before = await _c.InspectAsync(name, "{{.State.Pid}} {{.State.StartedAt}}");

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("restart", "-t", "1", name)));

        var after = await _c.InspectAsync(name, "{{.State.Pid}} {{.State.StartedAt}}");
        Assert.NotEqual(before.Split(' ')[0], after.Split(' ')[0]);
        Assert.NotEqual(before.Split(' ')[1], after.Split(' ')[1]);
        Assert.Equal("running", await _c.InspectAsync(name, "{{.State.Status}}"));
        Assert.False(Directory.Exists($"/proc/{before.Split(' ')[0]}/ns"), "the old process must be gone");
        await WaitForLogsAsync(name, "boot\nboot\n");
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("restart", "-t", "1", name)));
        await WaitForLogsAsync(name, "boot\nboot\nboot\n");
    }

    [CompatFact]
    public async Task Kill_s_USR1_reaches_the_trap_and_plain_kill_ends_with_137()
    {
        var name = _c.Name("cli-kill-usr1");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image,
            "sh", "-c", "trap 'echo usr1 >> /tmp/signals' USR1; echo ready; while :; do sleep 0.1; done"));
        await WaitForLogsAsync(name, "ready\n");

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("kill", "-s", "USR1", name)));
        await CliContainers.WaitForAsync(async () => (await _c.RunAsync("exec", name, "cat", "/tmp/signals")).Stdout == "usr1\n",
            "the trap never recorded USR1");
        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("kill", "--signal", "SIGUSR1", name)));
        await CliContainers.WaitForAsync(async () => (await _c.RunAsync("exec", name, "cat", "/tmp/signals")).Stdout == "usr1\nusr1\n",
            "the trap never recorded the second USR1");
        Assert.Equal("running", await _c.InspectAsync(name, "{{.State.Status}}"));

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("kill", name)));
        await _c.WaitForInspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}", "exited 137");

        var notRunning = await _c.RunAsync("kill", name);
        Assert.NotEqual(0, notRunning.ExitCode);
        Assert.Contains("is not running", notRunning.Stderr);
    }

    [CompatFact]
    public async Task Pause_and_unpause_show_in_ps_and_inspect()
    {
        var name = _c.Name("cli-pause");
        var id = Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sleep", "300")).TrimEnd('\n');

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("pause", name)));
        Assert.Equal("paused true true", await _c.InspectAsync(name, "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"));
        var ps = Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.State}}|{{.Status}}"));
        Assert.Matches(@"^paused\|Up .* \(Paused\)\n$", ps);
        Assert.Equal($"{id[..12]}\n", Cli.Ok(await _c.RunAsync("ps", "-q", "--filter", "status=paused", "--filter", $"name={name}")));
        var exec = await _c.RunAsync("exec", name, "true");
        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("is paused", exec.Stderr);

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("unpause", name)));
        Assert.Equal("running false true", await _c.InspectAsync(name, "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"));
        Assert.Matches(@"^running\|Up [^(]*\n$", Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.State}}|{{.Status}}")));
        Assert.Equal("", Cli.Ok(await _c.RunAsync("ps", "-q", "--filter", "status=paused", "--filter", $"name={name}")));
        Assert.Equal("unpaused\n", Cli.Ok(await _c.RunAsync("exec", name, "echo", "unpaused")));
    }

    [CompatFact]
    public async Task Wait_prints_the_exit_code()
    {
        var name = _c.Name("cli-wait");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sh", "-c", "sleep 1; exit 7"));

        Assert.Equal("7\n", Cli.Ok(await _c.RunAsync("wait", name)));
        Assert.Equal("7\n", Cli.Ok(await _c.RunAsync("wait", name)));

        var missing = await _c.RunAsync("wait", "cli-wait-no-such");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such container: cli-wait-no-such", missing.Stderr);
    }

    [CompatFact]
    public async Task Rm_f_kills_and_removes_a_running_container()
    {
        var name = _c.Name("cli-rm-force");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sleep", "300"));
        var pid = await _c.InspectAsync(name, "{{.State.Pid}}");
        Assert.True(Directory.Exists($"/proc/{pid}"));

        var rm = await _c.RunAsync("rm", name);
        Assert.NotEqual(0, rm.ExitCode);
        Assert.Contains("You cannot remove a running container", rm.Stderr);

        Assert.Equal($"{name}\n", Cli.Ok(await _c.RunAsync("rm", "-f", name)));
        Assert.Equal("", Cli.Ok(await _c.RunAsync("ps", "-a", "-q", "--filter", $"name={name}")));
        await CliContainers.WaitForAsync(() => Task.FromResult(!File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal)),
            "the container's process outlived rm -f");
        var inspect = await _c.RunAsync("container", "inspect", name);
        Assert.NotEqual(0, inspect.ExitCode);
        Assert.Contains($"No such container: {name}", inspect.Stderr);
    }

    Task WaitForLogsAsync(string name, string expected)
    {
        var last = "";
        return CliContainers.WaitForAsync(async () =>
        {
            last = (await _c.RunAsync("logs", name)).Stdout;
            return last == expected;
        }, () => $"{name}: logs never became '{expected}', last '{last}'");
    }
}
