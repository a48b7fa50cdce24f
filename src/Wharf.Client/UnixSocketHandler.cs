using System.Net.Sockets;

namespace Wharf.Client;

/// <summary>Makes the HTTP handler that dials a unix socket for every connection, whatever the request's host.</summary>
internal static class UnixSocketHandler
{
    public static HttpMessageHandler Create(string socketPath)
        => new Http1Handler(async ct => new NetworkStream(await ConnectAsync(socketPath, ct), ownsSocket: true), WharfClient.UnixHost);

    /// <summary>A connected socket to <paramref name="socketPath"/>; the HTTP handler and the hijack dial the same way.</summary>
    public static async Task<Socket> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
