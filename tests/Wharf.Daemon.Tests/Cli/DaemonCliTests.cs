using Wharf.Daemon.Cli;

namespace Wharf.Daemon.Tests.Cli;

public sealed class DaemonCliTests
{
    static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DaemonCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task Version_prints_one_line_and_exits_0(string flag)
    {
        var (code, stdout, stderr) = await RunAsync(flag);
        Assert.Equal(0, code);
        Assert.Matches(@"^Wharf version \d+\.\d+\.\d+, build \S+\n$", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Help_lists_the_flags_and_exits_0()
    {
        var (code, stdout, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--host", "--data-root", "--exec-root", "--pidfile", "--config-file", "--debug", "--log-level", "--group", "--version" })
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("--log-level=verbose", "'verbose'")]
    public async Task Bad_flags_are_one_line_on_stderr_and_exit_1(string flag, string mentioned)
    {
        var (code, stdout, stderr) = await RunAsync(flag);
        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.EndsWith("See 'wharfd --help'.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_host_is_refused_with_a_clear_line()
    {
        using var dir = new TempDirectory();
        var config = dir.WriteFile("daemon.json", "{}");
        var (code, _, stderr) = await RunAsync("-H", "tcp://0.0.0.0:2375", "--config-file", config);
        Assert.Equal(1, code);
        Assert.Equal(
            "cannot listen on tcp://0.0.0.0:2375: TCP listeners are not supported yet (remote access with mutual TLS comes in a later release); use unix:///PATH",
            Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task Missing_explicit_config_file_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("absent.json");
        var (code, _, stderr) = await RunAsync("--config-file", path);
        Assert.Equal(1, code);
        Assert.Equal($"unable to configure the Wharf daemon with file {path}: open {path}: no such file or directory", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task Flag_and_file_conflict_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("daemon.json", """{"data-root": "/from/file"}""");
        var (code, _, stderr) = await RunAsync("--config-file", path, "--data-root", "/from/flag");
        Assert.Equal(1, code);
        Assert.Equal(
            $"unable to configure the Wharf daemon with file {path}: the following directives are specified both as a flag and in the configuration file: data-root: (from flag: /from/flag, from file: /from/file)",
            Assert.Single(Lines(stderr)));
    }
}
