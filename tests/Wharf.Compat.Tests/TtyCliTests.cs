using System.Text.Json;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// <c>run -it</c>, <c>exec -it</c> and <c>attach</c> with the real CLI under a pseudo-terminal that a small python3 driver opens with a
/// known size: the prompt arrives, typed input reaches the shell, <c>stty size</c> inside prints the pty's size, and
/// <c>exit 5</c> becomes the CLI's exit code.
/// </summary>
public sealed class TtyCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-tty-busybox:v1";
    const int Rows = 33;
    const int Cols = 121;

    // Opens a pty of the given size, runs the command on its slave side (stdin, stdout and stderr), and for each
    // step waits for a text in the output (after the previous match) and then types the answer. Prints JSON.
    const string Driver = """
        import fcntl, json, os, select, struct, subprocess, sys, termios, time
        rows, cols, steps, cmd = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4:]
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True)
        os.close(slave)
        out, pos, deadline, missed = b"", 0, time.time() + 40, None
        def read(timeout):
            global out
            if not select.select([master], [], [], timeout)[0]:
                return True
            try:
                data = os.read(master, 4096)
            except OSError:
                return False
            out += data
            return bool(data)
        for wait_for, send in steps:
            token = wait_for.encode()
            while out.find(token, pos) < 0 and time.time() < deadline:
                if not read(0.2):
                    break
            found = out.find(token, pos)
            if found < 0:
                missed = wait_for
                break
            pos = found + len(token)
            os.write(master, send.encode())
        while time.time() < deadline and read(0.2):
            pass
        try:
            code = proc.wait(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
            missed = missed or "exit"
        print(json.dumps({"exit": code, "missed": missed, "output": out.decode("utf-8", "replace")}))
        """;

    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Run_it_shows_the_prompt_takes_typed_input_has_the_pty_size_and_exits_with_the_shell_code()
    {
        var name = _c.Name("tty-run");
        // The next line is typed only after the last command's output: the terminal echoes what is typed at once, even
        // while a command is still writing.
        var (exit, output) = await UnderPtyAsync(
            [("# ", "stty size; echo typed-$((2+3)); tty\r"), ("/dev/pts/", "exit 5\r")],
            "run", "-it", "--name", name, Image, "sh");

        Assert.True(exit == 5, $"exit {exit}\n{output}");
        Assert.Contains($"{Rows} {Cols}\r\n", output);
        Assert.Contains("typed-5\r\n/dev/pts/0\r\n", output);
        Assert.Equal("true exited 5", await _c.InspectAsync(name, "{{.Config.Tty}} {{.State.Status}} {{.State.ExitCode}}"));
    }

    [CompatFact]
    public async Task Exec_it_gets_its_own_terminal_of_the_pty_size()
    {
        var name = _c.Name("tty-exec");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sleep", "300"));

        var (exit, output) = await UnderPtyAsync(
            [("# ", "stty size; echo exec-$((4+3))\r"), ("exec-7", "exit 3\r")],
            "exec", "-it", name, "sh");

        Assert.True(exit == 3, $"exit {exit}\n{output}");
        Assert.Contains($"{Rows} {Cols}\r\n", output);
        Assert.Equal("running", await _c.InspectAsync(name, "{{.State.Status}}"));
    }

    [CompatFact]
    public async Task Attach_resizes_the_container_terminal_to_the_attaching_one_and_ctrl_p_ctrl_q_detaches()
    {
        var name = _c.Name("tty-attach");
        Cli.Succeeds(await _c.RunAsync("run", "-dit", "--name", name, Image, "sh"));

        // The CLI resizes right after attaching; the shell polls (5 s at most) rather than racing that resize.
        var poll = $"s=; for i in $(seq 50); do s=$(stty size); [ \"$s\" = \"{Rows} {Cols}\" ] && break; sleep 0.1; done; echo size=$s; echo att-$((1+1))\r";
        var (exit, output) = await UnderPtyAsync([("", poll), ("att-2", "\u0010\u0011")], "attach", name);

        Assert.Contains($"size={Rows} {Cols}\r\n", output);
        // As against dockerd: the CLI reports the detach keys as "read escape sequence" and exits 1; the container runs on.
        Assert.True(exit == 1 && output.EndsWith("read escape sequence\r\n", StringComparison.Ordinal), $"exit {exit}\n{output}");
        Assert.Equal("running", await _c.InspectAsync(name, "{{.State.Status}}"));
    }

    async Task<(int Exit, string Output)> UnderPtyAsync((string WaitFor, string Send)[] steps, params string[] args)
    {
        var stepsJson = JsonSerializer.Serialize(steps.Select(s => new[] { s.WaitFor, s.Send }));
        var run = await ProcessRunner.RunAsync(DockerPy.Python,
            ["-c", Driver, $"{Rows}", $"{Cols}", stepsJson, DockerCli.Path, .. args], _c.Docker.Environment, timeout: TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"the pty driver failed: {run}");
        using var doc = JsonDocument.Parse(run.Stdout);
        var output = doc.RootElement.GetProperty("output").GetString() ?? "";
        var missed = doc.RootElement.GetProperty("missed");
        Assert.True(missed.ValueKind == JsonValueKind.Null, $"never saw '{missed}' in the terminal output:\n{output}");
        return (doc.RootElement.GetProperty("exit").GetInt32(), output);
    }
}
