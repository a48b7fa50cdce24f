using System.Net.Sockets;

namespace Wharf.Client;

/// <summary>Connects to the daemon's unix socket.</summary>
internal static class UnixSocketConnector
{
    /// <summary>A connected socket to <paramref name="socketPath"/>.</summary>
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
