using Wharf.Engine.Networks.Dns;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Networks;
using Wharf.Server.Security;

namespace Wharf.Daemon.Config;

/// <summary>
/// The daemon's settings after defaults, daemon.json and flags are merged and validated. The composition root
/// derives each engine service's own options from this record; no service ever sees raw configuration.
/// </summary>
internal sealed record DaemonOptions
{
    public const string DefaultDataRoot = "/var/lib/wharf";
    public const string DefaultExecRoot = "/run/wharf";
    public const string DefaultPidfile = "/var/run/wharfd.pid";
    public const string DefaultConfigFile = "/etc/wharf/daemon.json";
    public const string DefaultGroup = "wharf";
    public const string DefaultRuntimeName = "runc";
    public const string StorageDriver = "overlay2";

    public required IReadOnlyList<HostAddress> Hosts { get; init; }
    /// <summary>TLS for network listeners (<c>--tls</c>/<c>--tlsverify</c>); null = no TLS.</summary>
    public DaemonTlsOptions? Tls { get; init; }
    /// <summary>TCP listeners without TLS client verification are allowed (<c>--insecure-tcp</c>), with a warning at every start.</summary>
    public bool InsecureTcp { get; init; }
    public required string DataRoot { get; init; }
    public required string ExecRoot { get; init; }
    public required string Pidfile { get; init; }
    public required string ConfigFile { get; init; }
    public bool Debug { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public LogFormat LogFormat { get; init; } = LogFormat.Text;
    /// <summary>The group that gets read/write access to the sockets.</summary>
    public required string Group { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public required string DefaultRuntime { get; init; }
    public required IReadOnlyDictionary<string, RuntimeSpec> Runtimes { get; init; }
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];
    /// <summary>The default seccomp profile (Docker's JSON format); null = the bundle builder's default.</summary>
    public string? SeccompProfile { get; init; }
    /// <summary>The static init binary bind-mounted for <c>--init</c>; null = the bundle builder's default.</summary>
    public string? InitPath { get; init; }
    /// <summary>The default bridge's device, its address (<c>--bip</c>), the MTU and the pools new networks' subnets come from.</summary>
    public NetworkOptions Network { get; init; } = new();

    /// <summary>The embedded DNS's upstream servers (daemon.json <c>dns-upstreams</c>).</summary>
    public DnsUpstreamOptions Dns { get; init; } = new();

    /// <summary>daemon.json <c>authorization</c> and <c>audit-log</c>: who gets which role, and where requests are audited.</summary>
    public AccessControlOptions AccessControl { get; init; } = new();

    /// <summary>The SQLite metadata file.</summary>
    public string DatabasePath => System.IO.Path.Combine(DataRoot, "wharf.db");
}
