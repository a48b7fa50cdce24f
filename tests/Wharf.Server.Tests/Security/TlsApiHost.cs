using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Containers;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Security;
using Wharf.Server.Tests.ContainerEndpoints;
using Wharf.Server.Tests.Fakes;
using Wharf.Testing;

namespace Wharf.Server.Tests.Security;

/// <summary>
/// The real server pipeline on Kestrel with a mutual-TLS listener on 127.0.0.1 (client certificates required and
/// checked against <see cref="Certificates"/>' CA, as a <c>--tlsverify</c> listener does) and a unix socket, fakes behind.
/// </summary>
public sealed class TlsApiHost : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly TempDirectory _dir;
    readonly List<HttpClient> _clients = [];
    bool _stopped;

    TlsApiHost(WebApplication app, TempDirectory dir, TestCertificates certificates, FakeContainerService containers, int port)
    {
        _app = app;
        _dir = dir;
        Certificates = certificates;
        Containers = containers;
        Port = port;
    }

    public TestCertificates Certificates { get; }
    public FakeContainerService Containers { get; }
    public int Port { get; }
    public string SocketPath => Path.Combine(_dir.Path, "wharf.sock");
    public string AuditLogPath => Path.Combine(_dir.Path, "audit", "audit.log");

    public static async Task<TlsApiHost> StartAsync(Func<TlsApiHost.Paths, AccessControlOptions> configure)
    {
        var dir = new TempDirectory();
        var certificates = new TestCertificates();
        try
        {
            var paths = new Paths(Path.Combine(dir.Path, "data"), Path.Combine(dir.Path, "audit", "audit.log"));
            Directory.CreateDirectory(paths.Data);
            var options = configure(paths) with { AuditLogPath = paths.AuditLog };
            var containers = new FakeContainerService();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificates.Server,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = (certificate, _, _) => certificates.Verify(certificate),
                    });
                });
                kestrel.ListenUnixSocket(Path.Combine(dir.Path, "wharf.sock"), listen => listen.Protocols = HttpProtocols.Http1);
            });
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton<IImageService>(new FakeImageService());
            builder.Services.AddSingleton<IEventService>(new FakeEventService());
            builder.Services.AddSingleton<ISystemService>(new FakeSystemService());
            builder.Services.AddSingleton<IContainerService>(containers);
            builder.Services.AddSingleton<Wharf.Engine.Volumes.IVolumeService>(new Volumes.FakeVolumeService());
            builder.Services.AddSingleton<Wharf.Engine.Networks.INetworkService>(new Networks.FakeNetworkService());
            builder.Services.AddWharfServer();
            var app = builder.Build();
            app.UseWharfApi();
            await app.StartAsync();
            var port = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(a => new Uri(a)).Single(u => u.Scheme == "https").Port;
            return new TlsApiHost(app, dir, certificates, containers, port);
        }
        catch
        {
            certificates.Dispose();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>The allowed bind path and the audit log, for the test's configuration.</summary>
    public sealed record Paths(string Data, string AuditLog);

    /// <summary>An HTTPS client presenting a certificate for <paramref name="subject"/> (none when null).</summary>
    public HttpClient TlsClient(string? subject, TestCertificates? issuer = null)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Certificates.Verify(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())),
        };
        if (subject is not null) ssl.ClientCertificates = [(issuer ?? Certificates).Client(subject)];
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = ssl }) { BaseAddress = new Uri($"https://127.0.0.1:{Port}") };
        _clients.Add(client);
        return client;
    }

    /// <summary>A plain HTTP client on the unix socket.</summary>
    public HttpClient UnixClient()
    {
        var socketPath = SocketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        _clients.Add(client);
        return client;
    }

    /// <summary>Stops the server: the audit log is complete once this returns.</summary>
    public async Task StopAsync()
    {
        foreach (var client in _clients) client.Dispose();
        _clients.Clear();
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        try
        {
            if (!_stopped) await _app.DisposeAsync();
        }
        finally
        {
            Certificates.Dispose();
            _dir.Dispose();
        }
    }
}
