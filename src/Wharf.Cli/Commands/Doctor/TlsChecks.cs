using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Cli.Hosts;
using Wharf.Client;

namespace Wharf.Cli.Commands.Doctor;

/// <summary>
/// The TLS material of a TCP connection: the files are readable, the certificate and key belong together, nothing has
/// expired (a warning within 30 days), the client certificate comes from the CA, and the daemon's certificate chains to
/// the CA and names the host (checked by connecting). They run before the ping: a bad file is why a handshake fails.
/// </summary>
internal static class TlsChecks
{
    static readonly TimeSpan Soon = TimeSpan.FromDays(30);

    public static async Task<List<DoctorCheck>> RunAsync(Connection connection, ClientTls tls, DoctorSystem system, TimeProvider time, TimeSpan connectTimeout, CancellationToken ct)
    {
        var checks = new List<DoctorCheck>();
        var fromContext = connection.Source.StartsWith("context", StringComparison.Ordinal);
        string Label(string flag, string file) => fromContext ? $"the context's {file}" : flag;
        var (caLabel, certLabel, keyLabel) = (Label("--tlscacert", "ca.pem"), Label("--tlscert", "cert.pem"), Label("--tlskey", "key.pem"));

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, path) in (IEnumerable<(string, string?)>)[(caLabel, tls.CaFile), (certLabel, tls.CertFile), (keyLabel, tls.KeyFile)])
        {
            if (path is null) continue;
            try
            {
                texts[label] = await system.ReadFile(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                checks.Add(DoctorCheck.Fail("tls files", $"cannot read {label} {path}: {e.Message}",
                    $"{label} names {path}: fix the path, or its permissions (keys are mode 0600 and must belong to the user running wharf)"));
                return checks;
            }
        }
        checks.Add(DoctorCheck.Ok("tls files", $"readable: {string.Join(", ", texts.Keys)}"));

        var now = time.GetUtcNow();
        X509Certificate2Collection? ca = null;
        if (tls.CaFile is not null)
        {
            ca = [];
            try { ca.ImportFromPem(texts[caLabel]); }
            catch (CryptographicException) { }
            if (ca.Count == 0)
            {
                checks.Add(DoctorCheck.Fail("tls ca", $"{caLabel} ({tls.CaFile}) holds no PEM certificate", $"{caLabel} must name the CA's certificate (ca.pem), not a key or another file"));
                return checks;
            }
            if (Expiry("tls ca", caLabel, tls.CaFile, ca[0], now) is { } caExpiry)
            {
                checks.Add(caExpiry);
                if (caExpiry.Status == CheckStatus.Fail) return checks;
            }
        }
        else if (tls.Verify)
        {
            checks.Add(DoctorCheck.Warn("tls ca", "no CA file: the daemon's certificate is checked against the system's trust store"));
        }

        X509Certificate2? client = null;
        if (tls.CertFile is null || tls.KeyFile is null)
        {
            checks.Add(DoctorCheck.Warn("tls client", "no client certificate and key: a daemon started with --tlsverify refuses this client"));
        }
        else
        {
            try
            {
                using var alone = X509Certificate2.CreateFromPem(texts[certLabel]);
            }
            catch (CryptographicException)
            {
                checks.Add(DoctorCheck.Fail("tls client", $"{certLabel} ({tls.CertFile}) holds no PEM certificate", $"{certLabel} must name the client certificate (cert.pem)"));
                return checks;
            }
            try
            {
                client = X509Certificate2.CreateFromPem(texts[certLabel], texts[keyLabel]);
            }
            catch (CryptographicException e)
            {
                checks.Add(DoctorCheck.Fail("tls client", $"{keyLabel} ({tls.KeyFile}) is not the key of {certLabel} ({tls.CertFile}): {e.Message}",
                    $"give the key.pem made together with {tls.CertFile} (wharfd tls init writes cert.pem and key.pem as a pair)"));
                return checks;
            }
            using (client)
            {
                if (Expiry("tls client", certLabel, tls.CertFile, client, now) is { } expiry)
                {
                    checks.Add(expiry);
                    if (expiry.Status == CheckStatus.Fail) return checks;
                }
                var valid = $"{certLabel} ({Subject(client)}) and its key match, valid until {Date(new DateTimeOffset(client.NotAfter.ToUniversalTime(), TimeSpan.Zero))}";
                checks.Add(ca is null ? DoctorCheck.Ok("tls client", valid)
                    : SignedBy(client, ca, now) ? DoctorCheck.Ok("tls client", $"{valid}, signed by {caLabel}")
                    // Not a failure: a daemon may trust another CA for its clients than the one that signed its own certificate.
                    : DoctorCheck.Warn("tls client", $"{valid}, but not signed by {caLabel}: the daemon accepts it only if its own --tlscacert signed it"));
            }
        }

        checks.Add(await ServerCheckAsync(connection.Host, tls, ca, caLabel, now, connectTimeout, ct));
        return checks;
    }

    static DoctorCheck? Expiry(string name, string label, string path, X509Certificate2 cert, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (now > notAfter)
            return DoctorCheck.Fail(name, $"{label} ({path}) expired on {Date(notAfter)}",
                $"{label} points to a certificate that expired on {Date(notAfter)}: make new certificates (wharfd tls init) and use them");
        if (now < notBefore)
            return DoctorCheck.Fail(name, $"{label} ({path}) is not valid before {Date(notBefore)}",
                $"{label} points to a certificate not valid before {Date(notBefore)}: check this machine's clock");
        if (notAfter - now < Soon)
            return DoctorCheck.Warn(name, $"{label} ({path}) expires on {Date(notAfter)}, in {(int)(notAfter - now).TotalDays} days");
        return name == "tls ca" ? DoctorCheck.Ok(name, $"{label} ({Subject(cert)}) valid until {Date(notAfter)}") : null;
    }

    /// <summary>Connects and validates the daemon's chain against the CA (or the system store) and the host name.</summary>
    static async Task<DoctorCheck> ServerCheckAsync(DaemonHost host, ClientTls tls, X509Certificate2Collection? ca, string caLabel,
                                                    DateTimeOffset now, TimeSpan connectTimeout, CancellationToken ct)
    {
        X509Certificate2? server = null;
        var nameMismatch = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(connectTimeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(host.Address, host.Port, timeout.Token);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host.Address,
                // Accept whatever comes, to judge it below with a precise reason.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is not null) server = new X509Certificate2(certificate);
                    nameMismatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
                    return true;
                },
            }, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or global::System.Security.Authentication.AuthenticationException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (server is null) return DoctorCheck.Skip("tls server", $"could not get the daemon's certificate from {host}: {(e is OperationCanceledException ? "timed out" : e.Message)}");
        }
        using (server)
        {
            if (server is null) return DoctorCheck.Skip("tls server", $"{host} showed no certificate");
            if (!tls.Verify) return DoctorCheck.Warn("tls server", $"the daemon's certificate ({Subject(server)}) is not verified: --tls without --tlsverify");
            var notAfter = new DateTimeOffset(server.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (now > notAfter)
                return DoctorCheck.Fail("tls server", $"the daemon's certificate ({Subject(server)}) expired on {Date(notAfter)}",
                    $"renew the daemon's certificate (wharfd tls init) and send wharfd SIGHUP to load it");
            if (ca is not null && !SignedBy(server, ca, now))
                return DoctorCheck.Fail("tls server", $"the daemon's certificate ({Subject(server)}, issued by {server.Issuer}) is not signed by {caLabel} ({tls.CaFile})",
                    $"{caLabel} must be the CA that signed the daemon's certificate: use the ca.pem written by the daemon's wharfd tls init");
            if (nameMismatch)
                return DoctorCheck.Fail("tls server", $"the daemon's certificate ({Subject(server)}) is not issued for {host.Address}",
                    $"connect with a name the certificate has, or re-issue it with wharfd tls init --san {host.Address}");
            return DoctorCheck.Ok("tls server", $"{host} shows {Subject(server)}, signed by {(ca is null ? "a CA the system trusts" : caLabel)}, valid until {Date(notAfter)}");
        }
    }

    static bool SignedBy(X509Certificate2 leaf, X509Certificate2Collection ca, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        // Expiry is its own check with its own message; here only the signature chain counts.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        return chain.Build(leaf);
    }

    static string Subject(X509Certificate2 cert) => cert.Subject.Length > 0 ? cert.Subject : "no subject";

    static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
