namespace Wharf.Daemon.Config;

/// <summary>
/// The server side of TLS: the certificate and key wharfd shows, and with <see cref="Verify"/> the CA whose client
/// certificates it requires (mutual TLS, <c>--tlsverify</c>). Paths are absolute; the files are read at start and on SIGHUP.
/// </summary>
internal sealed record DaemonTlsOptions(string CertFile, string KeyFile, string? CaFile, bool Verify);
