using System.Text.RegularExpressions;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary><c>docker top</c> (default and with ps options) and <c>docker stats --no-stream</c> with the real CLI against a real wharfd.</summary>
public sealed partial class TopStatsCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-topstats-busybox:v1";
    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Top_lists_the_container_processes_with_host_pids()
    {
        var name = _c.Name("top-running");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sh", "-c", "sleep 301 & exec sleep 302"));
        var pid = await _c.InspectAsync(name, "{{.State.Pid}}");
        await CliContainers.WaitForAsync(async () => Cli.Ok(await _c.RunAsync("top", name)).Contains("sleep 301", StringComparison.Ordinal),
            "the background sleep never showed in top");

        var top = Cli.Lines(Cli.Ok(await _c.RunAsync("top", name)));
        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], Columns().Split(top[0].Trim()));
        Assert.Equal(3, top.Length);
        var main = Columns().Split(top.Single(l => l.EndsWith("sleep 302", StringComparison.Ordinal)).Trim());
        Assert.Equal(("root", pid), (main[0], main[1]));
        var child = Columns().Split(top.Single(l => l.EndsWith("sleep 301", StringComparison.Ordinal)).Trim());
        Assert.Equal(pid, child[2]);

        var custom = Cli.Lines(Cli.Ok(await _c.RunAsync("top", name, "-o", "pid,comm")));
        Assert.Equal(["PID", "COMMAND"], Columns().Split(custom[0].Trim()));
        Assert.Contains([pid, "sleep"], custom.Skip(1).Select(l => Columns().Split(l.Trim())));

        var stopped = _c.Name("top-stopped");
        Cli.Succeeds(await _c.RunAsync("create", "--name", stopped, Image, "true"));
        var notRunning = await _c.RunAsync("top", stopped);
        Assert.Equal(1, notRunning.ExitCode);
        Assert.Contains("is not running", notRunning.Stderr);
    }

    [CompatFact]
    public async Task Stats_no_stream_prints_one_row_with_the_memory_limit_and_pids()
    {
        var name = _c.Name("stats-running");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--memory", "64m", Image, "sh", "-c", "sleep 301 & exec sleep 302"));

        var table = Cli.Lines(Cli.Ok(await _c.RunAsync("stats", "--no-stream", name)));

        Assert.Equal(2, table.Length);
        Assert.Equal(["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"], Columns().Split(table[0].Trim()));
        var row = Columns().Split(table[1].Trim());
        Assert.Equal(name, row[1]);
        Assert.Matches(@"^\d+\.\d\d%$", row[2]);
        Assert.Matches(@"^[\d.]+[KMG]?i?B / 64MiB$", row[3]);
        Assert.Equal("2", row[^1]);

        var formatted = Cli.Ok(await _c.RunAsync("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.MemPerc}}", name));
        Assert.Matches($@"^{name} 2 \d+\.\d\d%\n$", formatted);

        var exited = _c.Name("stats-exited");
        Cli.Succeeds(await _c.RunAsync("create", "--name", exited, Image, "true"));
        var all = Cli.Ok(await _c.RunAsync("stats", "--no-stream", "--all", "--format", "{{.Name}} {{.PIDs}}"));
        Assert.Contains($"{exited} 0\n", all);
        Assert.Contains($"{name} 2\n", all);
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();
}
