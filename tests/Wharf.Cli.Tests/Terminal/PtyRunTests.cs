using System.Text.Json;
using Wharf.Client;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Terminal;

/// <summary>
/// <c>wharf run -it</c> and <c>attach</c> as a user types them: the real wharf (dotnet wharf.dll) on a pseudo-terminal
/// driven by Terminal/pty_driver.py, against a real wharfd. Typed input reaches the shell, the terminal's size and its
/// changes reach the container, Ctrl-P Ctrl-Q detaches and leaves it running, and the terminal settings after the CLI
/// exits are those before it.
/// </summary>
public sealed class PtyRunTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "clirun/pty-busybox:1";
    readonly List<string> _names = [];
    readonly TempDirectory _config = new();

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        var import = await RunCliAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), Image);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _names)
        {
            try { await daemon.Client.Containers.RemoveAsync(name, force: true); }
            catch (WharfApiException e) when (e.StatusCode == 404) { }
        }
        _config.Dispose();
    }

    Task<ProcessResult> RunCliAsync(params string[] args)
        => ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "wharf.dll"), "-H", $"unix://{daemon.SocketPath}", .. args],
            new Dictionary<string, string?> { ["WHARF_CONFIG"] = _config.Path });

    async Task<PtyResult> OnPtyAsync(int rows, int cols, string[] args, params object[][] steps)
    {
        var spec = new Dictionary<string, object>
        {
            ["argv"] = (string[])["dotnet", Path.Combine(AppContext.BaseDirectory, "wharf.dll"), "-H", $"unix://{daemon.SocketPath}", .. args],
            ["env"] = new Dictionary<string, string> { ["WHARF_CONFIG"] = _config.Path },
            ["size"] = new[] { rows, cols },
            ["steps"] = steps,
            ["timeout"] = 60,
        };
        var driver = Path.Combine(RepoPaths.Root, "tests", "Wharf.Cli.Tests", "Terminal", "pty_driver.py");
        var result = await ProcessRunner.RunAsync("python3", [driver, JsonSerializer.Serialize(spec)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var pty = new PtyResult(root.GetProperty("before").GetString()!, root.GetProperty("after").GetString()!,
            root.GetProperty("output").GetString()!, root.GetProperty("code").GetInt32(), root.GetProperty("error").GetString());
        Assert.True(pty.Error is null, $"{pty.Error}\noutput:\n{pty.Output}\nwharfd's last lines:\n{Tail(daemon.Output, 40)}");
        return pty;
    }

    sealed record PtyResult(string Before, string After, string Output, int Code, string? Error);

    [RootFact]
    public async Task Run_it_types_into_the_shell_follows_resizes_detaches_and_restores_the_terminal()
    {
        var name = Name("clirun-pty");
        var run = await OnPtyAsync(30, 100, ["run", "-it", "--name", name, Image, "sh"],
            ["expect", "/ # "],
            ["send", "echo typed-$((40+2))\r"],
            ["expect", "typed-42"],
            ["send", "stty size\r"],
            ["expect", "30 100"],
            ["resize", 40, 120],
            // The new size travels CLI -> daemon -> conmon on its own path: the shell polls for it (5 s at most).
            ["send", "for i in $(seq 50); do [ \"$(stty size)\" = '40 120' ] && break; sleep 0.1; done; echo size=$(stty size)\r"],
            ["expect", "size=40 120"],
            ["send", "\u0010\u0011"]);
        Assert.Equal(0, run.Code);
        // The window was resized on purpose; every other setting must be as before.
        Assert.Equal(WithoutSize(run.Before), WithoutSize(run.After));
        Assert.DoesNotContain("read escape sequence", run.Output, StringComparison.Ordinal);
        Assert.True((await daemon.Client.Containers.InspectAsync(name)).State.Running);

        // attach to the same shell: input reaches it, and the detach keys end the session as docker attach reports them.
        var attach = await OnPtyAsync(25, 90, ["attach", name],
            ["sleep", 1],
            ["send", "echo attached-$((1+1))\r"],
            ["expect", "attached-2"],
            ["send", "\u0010\u0011"]);
        Assert.Equal(1, attach.Code);
        Assert.Contains("read escape sequence", attach.Output, StringComparison.Ordinal);
        Assert.Equal(attach.Before, attach.After);
        Assert.True((await daemon.Client.Containers.InspectAsync(name)).State.Running);
    }

    [RootFact]
    public async Task Run_it_exits_with_the_shells_code_and_restores_the_terminal()
    {
        var run = await OnPtyAsync(24, 80, ["run", "-it", "--rm", "--name", Name("clirun-pty-exit"), Image, "sh"],
            ["expect", "/ # "],
            ["send", "exit 7\r"]);
        Assert.Equal(7, run.Code);
        Assert.Equal(run.Before, run.After);
    }

    [RootFact]
    public async Task Exec_it_gets_a_tty_of_the_terminals_size()
    {
        var name = Name("clirun-pty-exec");
        var run = await RunCliAsync("run", "-d", "--name", name, Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.ToString());
        var exec = await OnPtyAsync(33, 111, ["exec", "-it", name, "sh", "-c", "stty size; exit 3"], ["expect", "33 111"]);
        Assert.Equal(3, exec.Code);
        Assert.Equal(exec.Before, exec.After);
    }

    static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    static string WithoutSize(string stty) => System.Text.RegularExpressions.Regex.Replace(stty, @"rows \d+; columns \d+; ", "");

    string Name(string name)
    {
        _names.Add(name);
        return name;
    }
}
