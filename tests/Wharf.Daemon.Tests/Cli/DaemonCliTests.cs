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
        foreach (var flag in new[] { "--host", "--data-root", "--exec-root", "--pidfile", "--config-file", "--debug", "--log-level", "--group", "--version",
                                   "--tls", "--tlsverify", "--tlscacert", "--tlscert", "--tlskey", "--insecure-tcp", "tls --help" })
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
    public async Task Plain_tcp_is_refused_at_start_naming_the_address_and_the_flags()
    {
        using var dir = new TempDirectory();
        var config = dir.WriteFile("daemon.json", "{}");
        var (code, _, stderr) = await RunAsync("-H", "tcp://127.0.0.1:2375", "--config-file", config, "--pidfile", dir.Combine("wharfd.pid"),
                                               "--data-root", dir.Combine("data"), "--exec-root", dir.Combine("exec"));
        Assert.Equal(1, code);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("failed to start daemon: cannot listen on tcp://127.0.0.1:2375 without TLS: anyone who can reach it would be root on this host.", line, StringComparison.Ordinal);
        Assert.Contains("--tlsverify", line, StringComparison.Ordinal);
        Assert.Contains("--insecure-tcp", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("data")), "nothing started");
    }

    [Fact]
    public async Task Tlsverify_with_a_missing_certificate_is_refused_at_start()
    {
        using var dir = new TempDirectory();
        var config = dir.WriteFile("daemon.json", "{}");
        var (code, _, stderr) = await RunAsync("-H", "tcp://127.0.0.1:0", "--config-file", config, "--pidfile", dir.Combine("wharfd.pid"),
                                               "--tlsverify", "--tlscacert", dir.Combine("ca.pem"), "--tlscert", dir.Combine("cert.pem"), "--tlskey", dir.Combine("key.pem"));
        Assert.Equal(1, code);
        Assert.StartsWith($"failed to start daemon: invalid TLS configuration: could not load X509 key pair (cert: \"{dir.Combine("cert.pem")}\", key: \"{dir.Combine("key.pem")}\"): ",
                          Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_help_lists_its_commands()
    {
        var (code, stdout, _) = await RunAsync("tls", "--help");
        Assert.Equal(0, code);
        Assert.Contains("init", stdout, StringComparison.Ordinal);
        Assert.Contains("client", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await RunAsync("tls", "init", "--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--san", "--client-cn", "--client-ou", "--days", "--force" })
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_init_and_client_through_the_command_line()
    {
        using var dir = new TempDirectory();
        var certs = dir.Combine("certs");
        var (code, stdout, stderr) = await RunAsync("tls", "init", certs, "--san", "127.0.0.1", "--san", "wharf.test", "--client-cn", "ci", "--days", "3");
        Assert.True(code == 0, stderr);
        Assert.StartsWith($"Wrote {certs}: ca.pem, ca-key.pem, server-cert.pem, server-key.pem, cert.pem, key.pem\n", stdout, StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(certs).Length);

        (code, _, stderr) = await RunAsync("tls", "init", certs);
        Assert.Equal(1, code);
        Assert.Equal($"wharfd tls: {certs}/ca.pem already exists; use --force to replace every certificate in {certs} (clients with the old ones are then refused)", Assert.Single(Lines(stderr)));

        (code, stdout, stderr) = await RunAsync("tls", "client", certs, "--cn", "bob", "--ou", "viewers", "--out", dir.Combine("bob"));
        Assert.True(code == 0, stderr);
        Assert.Equal($"Wrote {dir.Combine("bob-cert.pem")} and {dir.Combine("bob-key.pem")}\n", stdout);

        (code, _, stderr) = await RunAsync("tls", "client", certs, "--out", dir.Combine("x"));
        Assert.Equal(1, code);
        Assert.Contains("--cn", stderr, StringComparison.Ordinal);
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
