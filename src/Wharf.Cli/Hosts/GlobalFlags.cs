namespace Wharf.Cli.Hosts;

/// <summary>The root flags that choose and secure the daemon connection, as given (null when absent).</summary>
internal sealed record GlobalFlags(
    string? Host = null, string? Context = null, bool Tls = false, bool TlsVerify = false,
    string? TlsCaCert = null, string? TlsCert = null, string? TlsKey = null);
