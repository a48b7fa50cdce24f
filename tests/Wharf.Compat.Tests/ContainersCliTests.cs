using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// <c>docker run</c>, <c>ps</c>, <c>logs</c>, <c>stop</c>, <c>rm</c>, <c>exec</c>, <c>inspect</c> with the real CLI against a
/// real wharfd. Every test names its containers and removes them, even when it fails.
/// </summary>
public sealed class ContainersCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-containers-busybox:v1";
    readonly DockerCli _docker = new(daemon.SocketPath);
    readonly List<string> _names = [];

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        Cli.Ok(await _docker.RunAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), Image));
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _names) await _docker.RunAsync("rm", "-f", name);
        _docker.Dispose();
    }

    string Name(string name)
    {
        _names.Add(name);
        return name;
    }

    [CompatFact]
    public async Task Run_rm_prints_the_output_exits_0_and_leaves_no_container()
    {
        var name = Name("cli-run-rm");
        var run = await _docker.RunAsync("run", "--rm", "--name", name, Image, "echo", "hello");
        Assert.Equal("hello\n", Cli.Succeeds(run));
        Assert.Equal("", Cli.Ok(await _docker.RunAsync("ps", "-a", "-q", "--filter", $"name={name}")));
    }

    [CompatFact]
    public async Task Run_exits_with_the_container_exit_code_and_inspect_shows_it()
    {
        var name = Name("cli-run-exit3");
        var run = await _docker.RunAsync("run", "--name", name, Image, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("out\n", run.Stdout);
        Assert.Contains("err\n", run.Stderr);
        Assert.Equal($"exited 3 /{name}\n", Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.Name}}", name)));
    }

    [CompatFact]
    public async Task Run_i_passes_piped_stdin_and_ends_with_it()
    {
        var name = Name("cli-run-stdin");
        using var input = new TempFile("stdin.txt");
        await File.WriteAllTextAsync(input.Path, "line one\nline two\n");
        var run = await _docker.RunWithStdinAsync(input.Path, "run", "-i", "--rm", "--name", name, Image, "cat");
        Assert.Equal("line one\nline two\n", Cli.Succeeds(run));
    }

    [CompatFact]
    public async Task Run_d_then_ps_logs_exec_stop_and_rm()
    {
        var name = Name("cli-run-detached");
        var id = Cli.Succeeds(await _docker.RunAsync("run", "-d", "--name", name, Image, "sh", "-c", "echo started; exec sleep 300")).TrimEnd('\n');
        Assert.Matches("^[0-9a-f]{64}$", id);

        Assert.Equal($"{id[..12]} {name} running\n", Cli.Ok(await _docker.RunAsync("ps", "--filter", $"name={name}", "--format", "{{.ID}} {{.Names}} {{.State}}")));
        await WaitForAsync(async () => (await _docker.RunAsync("logs", name)).Stdout == "started\n");

        Assert.Equal("hi-exec\n", Cli.Ok(await _docker.RunAsync("exec", name, "echo", "hi-exec")));
        var failing = await _docker.RunAsync("exec", name, "sh", "-c", "exit 5");
        Assert.True(failing.ExitCode == 5, failing.ToString());
        using var input = new TempFile("exec-stdin.txt");
        await File.WriteAllTextAsync(input.Path, "to exec\n");
        Assert.Equal("to exec\n", Cli.Ok(await _docker.RunWithStdinAsync(input.Path, "exec", "-i", name, "cat")));
        Cli.Ok(await _docker.RunAsync("exec", name, "touch", "/made-by-exec"));
        Assert.Contains("A /made-by-exec", Cli.Lines(Cli.Ok(await _docker.RunAsync("diff", name))));

        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("stop", "-t", "1", name)));
        Assert.Equal("exited\n", Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{.State.Status}}", name)));
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("rm", name)));
        Assert.Equal("", Cli.Ok(await _docker.RunAsync("ps", "-a", "-q", "--filter", $"name={name}")));
    }

    [CompatFact]
    public async Task Start_of_a_running_and_rm_of_a_missing_container_answer_like_dockerd()
    {
        var name = Name("cli-start-twice");
        Cli.Succeeds(await _docker.RunAsync("run", "-d", "--name", name, Image, "sleep", "300"));
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("start", name)));
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("update", "--restart", "on-failure:2", name)));
        Assert.Equal("on-failure 2\n", Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", name)));
        var rm = await _docker.RunAsync("rm", "cli-no-such-container");
        Assert.NotEqual(0, rm.ExitCode);
        Assert.Contains("No such container: cli-no-such-container", rm.Stderr);
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("rm", "-f", name)));
    }

    static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(100);
        }
    }
}
