namespace Wharf.Client;

/// <summary>
/// TLS for a TCP daemon: <paramref name="CaFile"/> is the CA that signed the daemon's certificate (PEM), <paramref name="CertFile"/>
/// and <paramref name="KeyFile"/> the client's certificate and key (PEM); <paramref name="Verify"/> checks the daemon's certificate
/// (against the CA when given, the system store otherwise), as docker's <c>--tlsverify</c>.
/// </summary>
public sealed record ClientTls(string? CaFile, string? CertFile, string? KeyFile, bool Verify);
