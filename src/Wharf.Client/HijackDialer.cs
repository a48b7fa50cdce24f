using System.Net.Security;
using System.Net.Sockets;

namespace Wharf.Client;

/// <summary>
/// Opens a raw connection to the daemon for a hijacked request (attach, exec start), with the same connect logic as the
/// HTTP handler of its transport: the pooled HttpClient cannot half-close its connections, a hijack must.
/// </summary>
internal sealed class HijackDialer
{
    readonly Func<CancellationToken, Task<Socket>> _connect;
    readonly SslClientAuthenticationOptions? _ssl;

    HijackDialer(Func<CancellationToken, Task<Socket>> connect, string host, SslClientAuthenticationOptions? ssl)
    {
        _connect = connect;
        Host = host;
        _ssl = ssl;
    }

    /// <summary>The Host header of hijacked requests, as the HTTP client would send it.</summary>
    public string Host { get; }

    public static HijackDialer ForUnixSocket(string socketPath)
        => new(ct => UnixSocketHandler.ConnectAsync(socketPath, ct), WharfClient.UnixHost, null);

    public static HijackDialer ForTcp(string host, int port, ClientTls? tls, TimeSpan connectTimeout, string authority)
    {
        SslClientAuthenticationOptions? ssl = null;
        if (tls is not null)
        {
            var options = TcpHandler.SslOptions(tls);
            options.TargetHost = host;
            ssl = options;
        }
        return new(ct => TcpHandler.ConnectAsync(host, port, connectTimeout, ct), authority, ssl);
    }

    /// <summary>A connected (and, for TLS, authenticated) transport.</summary>
    public async Task<(Socket Socket, Stream Stream, SslStream? Tls)> DialAsync(CancellationToken ct)
    {
        var socket = await _connect(ct);
        var network = new NetworkStream(socket, ownsSocket: true);
        if (_ssl is null) return (socket, network, null);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(_ssl, ct);
            return (socket, tls, tls);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
