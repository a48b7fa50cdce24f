namespace Wharf.Daemon.Config;

/// <summary>What the command line said; <c>null</c> means the flag was not given (so daemon.json or the default applies).</summary>
internal sealed record DaemonFlags
{
    public IReadOnlyList<string>? Hosts { get; init; }
    public string? DataRoot { get; init; }
    public string? ExecRoot { get; init; }
    public string? Pidfile { get; init; }
    public string? ConfigFile { get; init; }
    public bool? Debug { get; init; }
    public string? LogLevel { get; init; }
    public string? LogFormat { get; init; }
    public string? Group { get; init; }
    public string? Bridge { get; init; }
    public string? Bip { get; init; }
    public bool? Tls { get; init; }
    public bool? TlsVerify { get; init; }
    public string? TlsCaCert { get; init; }
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }
    public bool? InsecureTcp { get; init; }
}
