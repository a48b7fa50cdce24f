using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Wharf.Client;
using Wharf.Daemon.Tls;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests.Remote;

/// <summary>
/// A <see cref="WharfdFixture"/> that also listens on 127.0.0.1 at a free port with mutual TLS, and the certificates
/// for it (made with <c>wharfd tls init</c>'s code) in the fixture's own directory.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RemoteDaemon : IAsyncDisposable
{
    RemoteDaemon(WharfdFixture daemon, TlsDirectory tls, int port)
    {
        Daemon = daemon;
        Tls = tls;
        Port = port;
    }

    public WharfdFixture Daemon { get; }
    public TlsDirectory Tls { get; }
    public int Port { get; }
    public string Host => $"tcp://127.0.0.1:{Port}";

    /// <summary>The fixture with <paramref name="tlsArguments"/> (default: mutual TLS from the fixture's certificates) on a free port; not started yet.</summary>
    public static RemoteDaemon Create(Func<RemoteDaemon, IEnumerable<string>>? tlsArguments = null)
    {
        var daemon = new WharfdFixture();
        var tls = new TlsDirectory(Path.Combine(daemon.Root, "certs"));
        tls.Init(new TlsInitRequest(["127.0.0.1", "localhost"], "tester", null, 2, Force: false), DateTimeOffset.UtcNow);
        var remote = new RemoteDaemon(daemon, tls, FreePort());
        daemon.ExtraArguments.AddRange(["-H", remote.Host]);
        daemon.ExtraArguments.AddRange(tlsArguments?.Invoke(remote) ?? remote.MutualTlsArguments());
        return remote;
    }

    public IEnumerable<string> MutualTlsArguments() =>
    [
        "--tlsverify", "--tlscacert", Tls.File(TlsDirectory.CaCert),
        "--tlscert", Tls.File(TlsDirectory.ServerCert), "--tlskey", Tls.File(TlsDirectory.ServerKey),
    ];

    /// <summary>A client over TCP: with <paramref name="certFile"/> and <paramref name="keyFile"/> (none = no client certificate), trusting the fixture's CA.</summary>
    public WharfClient TlsClient(string? certFile, string? keyFile) =>
        WharfClient.ForTcp("127.0.0.1", Port, new ClientTls(Tls.File(TlsDirectory.CaCert), certFile, keyFile, Verify: true), connectTimeout: TimeSpan.FromSeconds(10));

    /// <summary>The client bundle of <c>tls init</c>.</summary>
    public WharfClient TlsClient() => TlsClient(Tls.File(TlsDirectory.ClientCert), Tls.File(TlsDirectory.ClientKey));

    /// <summary>Whether a ping through <paramref name="client"/> succeeds.</summary>
    public static async Task<bool> PingsAsync(WharfClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await client.PingAsync(timeout.Token) == "OK";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or WharfApiException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    /// <summary>A port nobody listens on right now: bind port 0, read it, close.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync() => await Daemon.DisposeAsync();
}
