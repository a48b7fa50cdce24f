namespace Wharf.Daemon.Config;

/// <summary>What daemon.json said, typed; <c>null</c> means the key was absent.</summary>
internal sealed record DaemonFileSettings
{
    public static readonly DaemonFileSettings Empty = new();

    public IReadOnlyList<string>? Hosts { get; init; }
    public string? DataRoot { get; init; }
    public string? ExecRoot { get; init; }
    public string? Pidfile { get; init; }
    public bool? Debug { get; init; }
    public string? LogLevel { get; init; }
    public string? LogFormat { get; init; }
    public string? Group { get; init; }
    public IReadOnlyList<string>? Labels { get; init; }
    public string? StorageDriver { get; init; }
    public string? DefaultRuntime { get; init; }
    public IReadOnlyDictionary<string, RuntimeSpec>? Runtimes { get; init; }
    public IReadOnlyList<string>? InsecureRegistries { get; init; }
    public string? SeccompProfile { get; init; }
    public string? InitPath { get; init; }
    public string? Bridge { get; init; }
    public string? Bip { get; init; }
    public int? Mtu { get; init; }
    /// <summary><c>default-address-pools</c>: base prefix and subnet size, as given.</summary>
    public IReadOnlyList<(string Base, int Size)>? AddressPools { get; init; }
    /// <summary><c>dns-upstreams</c>: the embedded DNS's upstream servers, as given.</summary>
    public IReadOnlyList<string>? DnsUpstreams { get; init; }
    public bool? Tls { get; init; }
    public bool? TlsVerify { get; init; }
    public string? TlsCaCert { get; init; }
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }
    /// <summary><c>insecure-tcp</c>: Wharf's explicit opt-in to TCP listeners without TLS client verification.</summary>
    public bool? InsecureTcp { get; init; }

    /// <summary><c>authorization</c>: identity rules, default role and operator bind paths, as given.</summary>
    public AuthorizationSettings? Authorization { get; init; }
    /// <summary><c>audit-log</c>: the audit log's path, as given.</summary>
    public string? AuditLog { get; init; }

    /// <summary>Keys present in the file that Wharf accepts but does not act on yet, in file order.</summary>
    public IReadOnlyList<string> UnhonouredKeys { get; init; } = [];
}
