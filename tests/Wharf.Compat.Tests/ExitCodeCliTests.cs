using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// Exit codes as the real docker CLI reports them against a real wharfd: the container's own code, a signal's 128+n,
/// and the 126/127 the CLI derives from the runtime's words when <c>run</c> or <c>exec</c> cannot start the command.
/// </summary>
public sealed class ExitCodeCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-exitcode-busybox:v1";
    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Run_propagates_the_exit_code_and_a_signal_as_128_plus_n()
    {
        var three = await _c.RunAsync("run", "--rm", Image, "sh", "-c", "exit 3");
        Assert.True(three.ExitCode == 3, three.ToString());
        // Under --init the shell is not pid 1, so it can be killed from inside; the init passes on 128+9.
        var killed = await _c.RunAsync("run", "--rm", "--init", Image, "sh", "-c", "kill -9 $$");
        Assert.True(killed.ExitCode == 137, killed.ToString());
        var detached = _c.Name("exit-detached");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", detached, Image, "sh", "-c", "exit 42"));
        Assert.Equal("42\n", Cli.Ok(await _c.RunAsync("wait", detached)));
    }

    [CompatFact]
    public async Task Run_of_a_missing_command_exits_127_and_of_a_directory_126()
    {
        var missing = _c.Name("exit-run-127");
        var notFound = await _c.RunAsync("run", "--name", missing, Image, "no-such-command");
        Assert.True(notFound.ExitCode == 127, notFound.ToString());
        Assert.Contains("no-such-command", notFound.Stderr);
        Assert.Equal("127", await _c.InspectAsync(missing, "{{.State.ExitCode}}"));

        var directory = _c.Name("exit-run-126");
        var denied = await _c.RunAsync("run", "--name", directory, Image, "/etc");
        Assert.True(denied.ExitCode == 126, denied.ToString());
        Assert.Contains("permission denied", denied.Stderr);
    }

    [CompatFact]
    public async Task Exec_reports_the_command_code_127_from_the_shell_and_126_when_the_runtime_cannot_start_it()
    {
        var name = _c.Name("exit-exec");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sleep", "300"));

        var code = await _c.RunAsync("exec", name, "sh", "-c", "exit 42");
        Assert.True(code.ExitCode == 42, code.ToString());

        var shellNotFound = await _c.RunAsync("exec", name, "sh", "-c", "no-such-command");
        Assert.True(shellNotFound.ExitCode == 127, shellNotFound.ToString());
        Assert.Contains("not found", shellNotFound.Stderr);

        // dockerd reports every exec the runtime could not start as 126 and writes the runtime's error on stdout.
        var missingBinary = await _c.RunAsync("exec", name, "/no/such/binary");
        Assert.True(missingBinary.ExitCode == 126, missingBinary.ToString());
        Assert.Contains("no such file or directory", missingBinary.Stdout + missingBinary.Stderr);

        var directory = await _c.RunAsync("exec", name, "/etc");
        Assert.True(directory.ExitCode == 126, directory.ToString());
        Assert.Contains("permission denied", directory.Stdout + directory.Stderr);

        Assert.Equal("still-running\n", Cli.Ok(await _c.RunAsync("exec", name, "echo", "still-running")));
    }
}
