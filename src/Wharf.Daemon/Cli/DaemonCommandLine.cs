using System.CommandLine;
using Wharf.Daemon.Config;

namespace Wharf.Daemon.Cli;

/// <summary>wharfd's flags (dockerd's names) and how a parse result becomes <see cref="DaemonFlags"/>.</summary>
internal sealed class DaemonCommandLine
{
    readonly Option<string[]> Hosts = new("--host", "-H")
    {
        Description = $"Daemon socket to listen on: unix:///PATH (default unix://{HostAddress.DefaultSocketPath}), tcp://ADDR:PORT (needs --tlsverify), fd:// or fd://N (systemd); repeatable",
        Arity = ArgumentArity.OneOrMore,
    };
    readonly Option<string> DataRoot = new("--data-root") { Description = $"Root directory of persistent state (default {DaemonOptions.DefaultDataRoot})" };
    readonly Option<string> ExecRoot = new("--exec-root") { Description = $"Root directory for execution state files (default {DaemonOptions.DefaultExecRoot})" };
    readonly Option<string> Pidfile = new("--pidfile", "-p") { Description = $"Path to use for the daemon PID file (default {DaemonOptions.DefaultPidfile})" };
    readonly Option<string> ConfigFile = new("--config-file") { Description = $"Daemon configuration file (default {DaemonOptions.DefaultConfigFile})" };
    readonly Option<bool> Debug = new("--debug", "-D") { Description = "Enable debug mode" };
    readonly Option<string> LogLevel = new("--log-level", "-l") { Description = "Set the logging level (default info)" };
    readonly Option<string> LogFormat = new("--log-format") { Description = "Set the logging format (default text)" };
    readonly Option<string> Group = new("--group", "-G") { Description = $"Group for the unix socket (default {DaemonOptions.DefaultGroup})" };
    readonly Option<string> Bridge = new("--bridge", "-b") { Description = $"Attach containers to a network bridge (default {Wharf.Engine.Networks.NetworkOptions.DefaultBridgeDevice})" };
    readonly Option<string> Bip = new("--bip") { Description = "Specify network bridge IP" };
    readonly Option<bool> Version = new("--version", "-v") { Description = "Print version information and quit" };
    readonly Option<bool> Tls = new("--tls") { Description = "Use TLS on TCP listeners; implied by --tlsverify" };
    readonly Option<bool> TlsVerify = new("--tlsverify") { Description = "Use TLS and require client certificates signed by --tlscacert" };
    readonly Option<string> TlsCaCert = new("--tlscacert") { Description = "Trust client certificates signed only by this CA" };
    readonly Option<string> TlsCert = new("--tlscert") { Description = "Path to the server's TLS certificate file" };
    readonly Option<string> TlsKey = new("--tlskey") { Description = "Path to the server's TLS key file" };
    readonly Option<bool> InsecureTcp = new("--insecure-tcp")
    {
        Description = "Allow TCP listeners without --tlsverify: anyone who can reach them is root on this host",
    };

    /// <summary>Builds the root command. Symbols belong to one parser, so each instance has its own.</summary>
    public DaemonCommandLine()
    {
        LogLevel.AcceptOnlyFromAmong("debug", "info", "warn", "error", "fatal");
        LogFormat.AcceptOnlyFromAmong("text", "json");
        Root = new RootCommand("wharfd: the Wharf daemon, serving the Docker Engine API (run 'wharfd tls --help' for the certificate tools)")
        {
            Hosts, DataRoot, ExecRoot, Pidfile, ConfigFile, Debug, LogLevel, LogFormat, Group, Bridge, Bip,
            Tls, TlsVerify, TlsCaCert, TlsCert, TlsKey, InsecureTcp,
        };
        // Our --version/-v prints dockerd's style of line instead of System.CommandLine's bare version.
        foreach (var builtIn in Root.Options.OfType<VersionOption>().ToList()) Root.Options.Remove(builtIn);
        Root.Options.Add(Version);
    }

    public RootCommand Root { get; }

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    public bool WantsVersion(ParseResult result) => result.GetValue(Version);

    /// <summary>For a result without errors. Only flags actually given are set, so that daemon.json can fill the rest and conflicts can be found.</summary>
    public DaemonFlags ToFlags(ParseResult result) => new()
    {
        Hosts = Given(result, Hosts) ? result.GetValue(Hosts) : null,
        DataRoot = Given(result, DataRoot) ? result.GetValue(DataRoot) : null,
        ExecRoot = Given(result, ExecRoot) ? result.GetValue(ExecRoot) : null,
        Pidfile = Given(result, Pidfile) ? result.GetValue(Pidfile) : null,
        ConfigFile = Given(result, ConfigFile) ? result.GetValue(ConfigFile) : null,
        Debug = Given(result, Debug) ? result.GetValue(Debug) : null,
        LogLevel = Given(result, LogLevel) ? result.GetValue(LogLevel) : null,
        LogFormat = Given(result, LogFormat) ? result.GetValue(LogFormat) : null,
        Group = Given(result, Group) ? result.GetValue(Group) : null,
        Bridge = Given(result, Bridge) ? result.GetValue(Bridge) : null,
        Bip = Given(result, Bip) ? result.GetValue(Bip) : null,
        Tls = Given(result, Tls) ? result.GetValue(Tls) : null,
        TlsVerify = Given(result, TlsVerify) ? result.GetValue(TlsVerify) : null,
        TlsCaCert = Given(result, TlsCaCert) ? result.GetValue(TlsCaCert) : null,
        TlsCert = Given(result, TlsCert) ? result.GetValue(TlsCert) : null,
        TlsKey = Given(result, TlsKey) ? result.GetValue(TlsKey) : null,
        InsecureTcp = Given(result, InsecureTcp) ? result.GetValue(InsecureTcp) : null,
    };

    static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };
}
