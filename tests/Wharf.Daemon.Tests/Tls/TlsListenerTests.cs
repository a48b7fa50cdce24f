using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Daemon.Config;
using Wharf.Daemon.Tls;

namespace Wharf.Daemon.Tests.Tls;

/// <summary>
/// Kestrel with wharfd's listener set-up (<see cref="ApiListenOptions"/>) on 127.0.0.1: who gets in, what the
/// request sees of the client's certificate (the roles read it), and certificate rotation without dropping connections.
/// No root and no engine needed.
/// </summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    readonly TempDirectory _dir = new();
    TlsDirectory _tls = null!;
    TlsCredentialStore _store = null!;
    WebApplication _app = null!;
    Uri _base = null!;

    public async Task InitializeAsync()
    {
        _tls = new TlsDirectory(_dir.Combine("certs"));
        _tls.Init(new TlsInitRequest(["127.0.0.1"], "alice", "ops", 5, Force: false), DateTimeOffset.UtcNow);
        var options = new DaemonTlsOptions(_tls.File(TlsDirectory.ServerCert), _tls.File(TlsDirectory.ServerKey), _tls.File(TlsDirectory.CaCert), Verify: true);
        _store = new TlsCredentialStore(options, TlsCredentials.Load(options), NullLogger.Instance, TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => ApiListenOptions.Configure(listen, _store)));
        _app = builder.Build();
        _app.MapGet("/who", (HttpContext c) => $"{c.Connection.ClientCertificate?.Subject ?? "none"} {c.Request.Protocol}");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _base = new Uri(address.Replace("http://", "https://", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    HttpClient Client(string? certFile, string? keyFile, string? caFile = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile ?? _tls.File(TlsDirectory.CaCert));
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(new X509Certificate2(certificate));
            },
        };
        if (certFile is not null && keyFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }
        return new HttpClient(new SocketsHttpHandler { SslOptions = ssl }) { BaseAddress = _base, Timeout = TimeSpan.FromSeconds(20) };
    }

    HttpClient Alice() => Client(_tls.File(TlsDirectory.ClientCert), _tls.File(TlsDirectory.ClientKey));

    [Fact]
    public async Task A_client_of_the_ca_gets_in_and_the_request_sees_its_certificate_over_http_1_1()
    {
        using var client = Alice();
        Assert.Equal("CN=alice, OU=ops, O=wharf HTTP/1.1", await client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task A_client_without_a_certificate_reaches_nothing()
    {
        using var client = Client(null, null);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task A_client_of_another_ca_reaches_nothing()
    {
        var other = new TlsDirectory(_dir.Combine("other"));
        other.Init(new TlsInitRequest(["127.0.0.1"], "mallory", null, 5, Force: false), DateTimeOffset.UtcNow);
        using var client = Client(other.File(TlsDirectory.ClientCert), other.File(TlsDirectory.ClientKey));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task An_expired_client_certificate_reaches_nothing()
    {
        using var ca = _tls.LoadCa();
        using var expired = CertificateFactory.CreateClient(ca, "late", null, DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1));
        var certFile = _dir.WriteFile("late-cert.pem", expired.ExportCertificatePem());
        var keyFile = _dir.WriteFile("late-key.pem", expired.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        using var client = Client(certFile, keyFile);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task Plain_http_to_the_tls_port_gets_no_answer()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync(new Uri(_base.ToString().Replace("https://", "http://", StringComparison.Ordinal) + "who")));
    }

    [Fact]
    public async Task A_reload_swaps_the_certificates_for_new_connections_and_keeps_open_ones()
    {
        using var old = Alice();
        Assert.StartsWith("CN=alice", await old.GetStringAsync("/who"), StringComparison.Ordinal);

        // A failed reload (a broken key file) keeps everything as it was.
        var goodKey = File.ReadAllText(_tls.File(TlsDirectory.ServerKey));
        File.WriteAllText(_tls.File(TlsDirectory.ServerKey), "not a key");
        Assert.False(_store.Reload());
        File.WriteAllText(_tls.File(TlsDirectory.ServerKey), goodKey);
        using (var again = Alice()) Assert.StartsWith("CN=alice", await again.GetStringAsync("/who"), StringComparison.Ordinal);

        var aliceCert = _dir.WriteFile("alice-cert.pem", File.ReadAllText(_tls.File(TlsDirectory.ClientCert)));
        var aliceKey = _dir.WriteFile("alice-key.pem", File.ReadAllText(_tls.File(TlsDirectory.ClientKey)));
        _tls.Init(new TlsInitRequest(["127.0.0.1"], "bob", null, 5, Force: true), DateTimeOffset.UtcNow);
        Assert.True(_store.Reload());

        // The pooled connection from before the reload still works...
        Assert.StartsWith("CN=alice", await old.GetStringAsync("/who"), StringComparison.Ordinal);
        // ...but a new connection with the old client certificate is refused, and the new CA's client gets in.
        using var stale = Client(aliceCert, aliceKey);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stale.GetStringAsync("/who"));
        using var bob = Alice();
        Assert.StartsWith("CN=bob", await bob.GetStringAsync("/who"), StringComparison.Ordinal);
    }
}
