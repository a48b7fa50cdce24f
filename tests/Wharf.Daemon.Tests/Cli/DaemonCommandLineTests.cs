using Wharf.Daemon.Cli;

namespace Wharf.Daemon.Tests.Cli;

public sealed class DaemonCommandLineTests
{
    static (Daemon.Config.DaemonFlags Flags, System.CommandLine.ParseResult Result) Parse(params string[] args)
    {
        var commandLine = new DaemonCommandLine();
        var result = commandLine.Parse(args);
        return (commandLine.ToFlags(result), result);
    }

    [Fact]
    public void Flags_not_given_stay_null_so_the_file_and_defaults_apply()
    {
        var (flags, result) = Parse();
        Assert.Empty(result.Errors);
        Assert.Equal(new Daemon.Config.DaemonFlags(), flags);
    }

    [Fact]
    public void Host_is_repeatable_with_short_and_long_names()
    {
        var (flags, result) = Parse("-H", "unix:///a.sock", "--host", "unix:///b.sock", "-H=unix:///c.sock");
        Assert.Empty(result.Errors);
        Assert.Equal(["unix:///a.sock", "unix:///b.sock", "unix:///c.sock"], flags.Hosts);
    }

    [Fact]
    public void Every_flag_maps_to_its_field()
    {
        var (flags, result) = Parse("--data-root", "/d", "--exec-root", "/e", "--pidfile", "/p.pid", "--config-file", "/c.json",
            "-D", "-l", "warn", "--log-format", "json", "-G", "staff");
        Assert.Empty(result.Errors);
        Assert.Equal(new Daemon.Config.DaemonFlags
        {
            DataRoot = "/d", ExecRoot = "/e", Pidfile = "/p.pid", ConfigFile = "/c.json", Debug = true, LogLevel = "warn",
            LogFormat = "json", Group = "staff",
        }, flags);
    }

    [Fact]
    public void The_tls_flags_map_to_their_fields()
    {
        var (flags, result) = Parse("--tlsverify", "--tlscacert", "/t/ca.pem", "--tlscert", "/t/c.pem", "--tlskey", "/t/k.pem", "--tls=false", "--insecure-tcp");
        Assert.Empty(result.Errors);
        Assert.Equal(new Daemon.Config.DaemonFlags
        {
            TlsVerify = true, TlsCaCert = "/t/ca.pem", TlsCert = "/t/c.pem", TlsKey = "/t/k.pem", Tls = false, InsecureTcp = true,
        }, flags);
    }

    [Fact]
    public void Debug_given_as_false_counts_as_given()
    {
        var (flags, _) = Parse("--debug=false");
        Assert.False(flags.Debug);
    }

    [Theory]
    [InlineData("-l", "verbose")]
    [InlineData("--log-format", "xml")]
    [InlineData("--no-such-flag")]
    [InlineData("-H")]
    public void Bad_flags_are_parse_errors(params string[] args)
    {
        Assert.NotEmpty(new DaemonCommandLine().Parse(args).Errors);
    }

    [Fact]
    public void Version_flag_has_short_form()
    {
        var commandLine = new DaemonCommandLine();
        Assert.True(commandLine.WantsVersion(commandLine.Parse(["-v"])));
        Assert.False(commandLine.WantsVersion(commandLine.Parse([])));
    }
}
