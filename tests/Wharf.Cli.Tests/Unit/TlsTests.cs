using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

/// <summary>TCP + mutual TLS end to end: a loopback HTTPS daemon that requires a client certificate signed by its CA.</summary>
public sealed class TlsTests : IAsyncLifetime, IDisposable
{
    readonly TempDirectory _dir = new();
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    Task? _serving;
    X509Certificate2? _serverCert;
    X509Certificate2? _ca;

    string Pem(string name) => Path.Combine(_dir.Path, name);

    int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=wharf test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Pem("ca.pem"), _ca.ExportCertificatePem());

        _serverCert = Issue("CN=localhost", server: true, "server");
        Issue("CN=client", server: false, "client");

        // Another CA, for a client that must not trust the daemon.
        using var otherKey = RSA.Create(2048);
        using var other = new CertificateRequest("CN=other CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Pem("other-ca.pem"), other.ExportCertificatePem());

        _listener.Start();
        _serving = ServeAsync(_stop.Token);
        return Task.CompletedTask;
    }

    X509Certificate2 Issue(string subject, bool server, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        using var cert = request.Create(_ca!, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(Pem($"{name}-cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Pem($"{name}-key.pem"), key.ExportPkcs8PrivateKeyPem());
        using var withKey = cert.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    async Task ServeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(ct); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(async () =>
            {
                using var _ = client;
                await using var ssl = new SslStream(client.GetStream(), false, (_, cert, _, _) => cert is not null);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _serverCert,
                        ClientCertificateRequired = true,
                    }, ct);
                    var request = await ReadHeadAsync(ssl, ct);
                    var body = request.StartsWith("GET /v1.41/images/json", StringComparison.Ordinal) ? "[]" : "";
                    var response = $"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                    await ssl.WriteAsync(Encoding.ASCII.GetBytes(response), ct);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                {
                    // The client refused us or we refused it: the test checks what the client says.
                }
            }, ct);
        }
    }

    static async Task<string> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, ct) == 1)
            head.Append((char)buffer[0]);
        return head.ToString();
    }

    async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var cli = new CliContext(output, error, _ => null, new ContextStore(_dir.Path));
        var code = await CliApp.RunAsync(cli, ["-H", $"tcp://127.0.0.1:{Port}", .. args], CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Mutual_tls_with_the_ca_and_a_client_certificate_works()
    {
        var result = await RunAsync("--tlsverify", "--tlscacert", Pem("ca.pem"), "--tlscert", Pem("client-cert.pem"), "--tlskey", Pem("client-key.pem"), "images");
        Assert.True(result.Code == 0, result.Err);
        Assert.Equal("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", result.Out);
    }

    [Fact]
    public async Task A_daemon_certificate_from_another_ca_is_refused_by_the_client()
    {
        var result = await RunAsync("--tlsverify", "--tlscacert", Pem("other-ca.pem"), "--tlscert", Pem("client-cert.pem"), "--tlskey", Pem("client-key.pem"), "images");
        Assert.Equal(1, result.Code);
        Assert.StartsWith($"TLS handshake with the Wharf daemon at tcp://127.0.0.1:{Port} failed: this client refused the daemon's certificate", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_daemon_refuses_the_client()
    {
        var result = await RunAsync("--tlsverify", "--tlscacert", Pem("ca.pem"), "images");
        Assert.Equal(1, result.Code);
        Assert.Equal($"TLS handshake with the Wharf daemon at tcp://127.0.0.1:{Port} failed: the daemon closed the connection without answering, "
            + "which is how it refuses a client certificate it does not trust or that is missing (--tlscert/--tlskey).\n", result.Err);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_serving is not null) await _serving;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _listener.Dispose();
        _serverCert?.Dispose();
        _ca?.Dispose();
        _dir.Dispose();
    }
}
