using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Wharf.Daemon.Config;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tls;

/// <summary>
/// Holds the current <see cref="TlsCredentials"/> for every TLS listener. Each handshake reads the current set, so a
/// reload (SIGHUP) applies to new connections while open ones, and their attached streams, keep going.
/// </summary>
internal sealed class TlsCredentialStore
{
    readonly DaemonTlsOptions _options;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    volatile TlsCredentials _current;
    readonly Lock _reload = new();

    /// <summary>Starts with <paramref name="initial"/>, loaded from <paramref name="options"/> before the daemon started.</summary>
    public TlsCredentialStore(DaemonTlsOptions options, TlsCredentials initial, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _current = initial;
        LogLoaded(initial);
    }

    public DaemonTlsOptions Options => _options;

    public TlsCredentials Current => _current;

    /// <summary>Reads the files again; on any error the old credentials stay and the error is logged.</summary>
    /// <returns>Whether the new files are now in use.</returns>
    public bool Reload()
    {
        lock (_reload)
        {
            TlsCredentials next;
            try
            {
                next = TlsCredentials.Load(_options);
            }
            catch (DaemonStartupException e)
            {
                DaemonLog.TlsReloadFailed(_logger, e.Message);
                return false;
            }
            // The old set is not disposed: handshakes in progress may still hold it; the GC frees it after them.
            _current = next;
            DaemonLog.TlsReloaded(_logger, _options.CertFile, _options.CaFile ?? "-");
            LogLoaded(next);
            return true;
        }
    }

    /// <summary>The options of one handshake, from the credentials current at its start.</summary>
    public SslServerAuthenticationOptions ServerOptions(EndPoint? remote)
    {
        var credentials = _current;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = credentials.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // HTTP/1.1 only: attach and exec hijack the connection, which HTTP/2 cannot do.
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            ClientCertificateRequired = _options.Verify,
        };
        if (_options.Verify)
        {
            options.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                var refusal = ClientCertificateValidator.Check(certificate, chain, credentials.Authorities, _time.GetUtcNow().UtcDateTime);
                if (refusal is null) return true;
                DaemonLog.TlsClientRefused(_logger, remote?.ToString() ?? "?", refusal);
                return false;
            };
        }
        else
        {
            // --tls without --tlsverify: no certificate is asked for, so none can be presented and trusted by mistake.
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is null;
        }
        return options;
    }

    void LogLoaded(TlsCredentials credentials)
    {
        var certificate = credentials.Certificate;
        if (certificate.NotAfter.ToUniversalTime() < _time.GetUtcNow().UtcDateTime)
            DaemonLog.TlsCertificateExpired(_logger, _options.CertFile, certificate.NotAfter.ToUniversalTime());
    }
}
