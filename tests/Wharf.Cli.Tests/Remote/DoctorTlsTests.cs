using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Cli.Commands.Doctor;
using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Remote;

/// <summary>
/// <c>wharf doctor</c> on TCP + TLS with certificates made here (CertificateRequest): unreadable files, a key that is not
/// the certificate's, an expired certificate, one about to expire, and a daemon whose certificate another CA signed.
/// </summary>
public sealed class DoctorTlsTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly X509Certificate2 _ca;
    readonly RSA _caKey = RSA.Create(2048);

    public DoctorTlsTests()
    {
        var request = new CertificateRequest("CN=doctor CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(2));
        File.WriteAllText(Pem("ca.pem"), _ca.ExportCertificatePem());
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        _dir.Dispose();
    }

    string Pem(string name) => Path.Combine(_dir.Path, name);

    /// <summary>Writes NAME-cert.pem and NAME-key.pem signed by <paramref name="issuer"/>; returns the certificate with its key.</summary>
    X509Certificate2 Issue(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, bool server = false, X509Certificate2? issuer = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        using var cert = request.Create(issuer ?? _ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(Pem($"{name}-cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Pem($"{name}-key.pem"), key.ExportPkcs8PrivateKeyPem());
        using var withKey = cert.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    async Task<(int Code, string Out)> DoctorAsync(int port, string cert, string key, DoctorSystem? system = null)
    {
        var output = new StringWriter();
        using var cli = new CliContext(output, new StringWriter(), _ => null, new ContextStore(_dir.Path))
        {
            Flags = new GlobalFlags(Host: $"tcp://127.0.0.1:{port}", TlsVerify: true, TlsCaCert: Pem("ca.pem"), TlsCert: Pem(cert), TlsKey: Pem(key)),
        };
        var code = await DoctorCommand.RunAsync(cli, system ?? DoctorSystem.Real, CancellationToken.None);
        return (code, output.ToString());
    }

    static int ClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task An_unreadable_tls_file_is_named_with_its_flag()
    {
        using var _ = Issue("client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var real = DoctorSystem.Real;
        var system = new DoctorSystem
        {
            Stat = real.Stat, Identity = real.Identity, UserName = real.UserName, GroupName = real.GroupName, FindProgram = real.FindProgram,
            ReadFile = (p, ct) => p.EndsWith("client-key.pem", StringComparison.Ordinal)
                ? throw new UnauthorizedAccessException($"Access to the path '{p}' is denied.") : File.ReadAllTextAsync(p, ct),
        };
        var (code, output) = await DoctorAsync(ClosedPort(), "client-cert.pem", "client-key.pem", system);
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  tls files   cannot read --tlskey {Pem("client-key.pem")}: Access to the path", output, StringComparison.Ordinal);
        Assert.EndsWith($"\nFix: --tlskey names {Pem("client-key.pem")}: fix the path, or its permissions (keys are mode 0600 and must belong to the user running wharf)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificate_s_is_a_failure()
    {
        using var a = Issue("client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var b = Issue("other", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var (code, output) = await DoctorAsync(ClosedPort(), "client-cert.pem", "other-key.pem");
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  tls client  --tlskey ({Pem("other-key.pem")}) is not the key of --tlscert ({Pem("client-cert.pem")})", output, StringComparison.Ordinal);
        Assert.Contains("skip  daemon", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_client_certificate_says_when()
    {
        var expired = DateTimeOffset.UtcNow.AddDays(-2);
        using var _ = Issue("client", DateTimeOffset.UtcNow.AddDays(-20), expired);
        var (code, output) = await DoctorAsync(ClosedPort(), "client-cert.pem", "client-key.pem");
        Assert.Equal(1, code);
        var when = expired.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith($"\nFix: --tlscert points to a certificate that expired on {when}: make new certificates (wharfd tls init) and use them\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_expiring_within_30_days_is_a_warning()
    {
        using var _ = Issue("client", DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(10));
        var (_, output) = await DoctorAsync(ClosedPort(), "client-cert.pem", "client-key.pem");
        Assert.Matches(@"warn  tls client  --tlscert \(.*client-cert.pem\) expires on .*, in (9|10) days\n", output);
        // Nothing listens: the failure is the daemon's, not the certificate's.
        Assert.Contains("FAIL  daemon      /_ping: Cannot connect to the Wharf daemon at tcp://127.0.0.1:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_certificate_from_another_ca_is_a_failure()
    {
        using var otherKey = RSA.Create(2048);
        var otherRequest = new CertificateRequest("CN=other CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        using var server = Issue("server", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), server: true, issuer: otherCa);
        using var client = Issue("client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        await using var daemon = TlsListener.Start(server);
        var (code, output) = await DoctorAsync(daemon.Port, "client-cert.pem", "client-key.pem");
        Assert.Equal(1, code);
        Assert.Contains($"FAIL  tls server  the daemon's certificate (CN=server, issued by CN=other CA) is not signed by --tlscacert ({Pem("ca.pem")})", output, StringComparison.Ordinal);
        Assert.EndsWith("\nFix: --tlscacert must be the CA that signed the daemon's certificate: use the ca.pem written by the daemon's wharfd tls init\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_certificate_from_our_ca_for_the_address_passes()
    {
        using var server = Issue("server", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), server: true);
        using var client = Issue("client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await using var daemon = TlsListener.Start(server);
        var (_, output) = await DoctorAsync(daemon.Port, "client-cert.pem", "client-key.pem");
        Assert.Contains("ok    tls files   readable: --tlscacert, --tlscert, --tlskey\n", output, StringComparison.Ordinal);
        Assert.Contains("ok    tls client  --tlscert (CN=client) and its key match, valid until ", output, StringComparison.Ordinal);
        Assert.Contains($"ok    tls server  tcp://127.0.0.1:{daemon.Port} shows CN=server, signed by --tlscacert, valid until ", output, StringComparison.Ordinal);
    }

    /// <summary>A loopback TLS endpoint that completes handshakes with one certificate and says nothing more, until disposed.</summary>
    sealed class TlsListener : IAsyncDisposable
    {
        readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource _stop = new();
        Task _serving = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static TlsListener Start(X509Certificate2 certificate)
        {
            var l = new TlsListener();
            l._listener.Start();
            l._serving = Task.Run(async () =>
            {
                while (!l._stop.IsCancellationRequested)
                {
                    using var peer = await l._listener.AcceptTcpClientAsync(l._stop.Token);
                    await using var ssl = new SslStream(peer.GetStream());
                    try { await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, l._stop.Token); }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException) { }
                }
            });
            return l;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try { await _serving; }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
            _stop.Dispose();
        }
    }
}
