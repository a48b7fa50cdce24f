using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// Serves one container's UDP and TCP sockets (made in its namespace) from the daemon: each datagram and each TCP
/// connection is answered on its own, so a slow upstream does not hold up other queries.
/// </summary>
internal sealed class DnsListener : IAsyncDisposable
{
    /// <summary>A TCP client that sends nothing for this long is disconnected, as dockerd's resolver does.</summary>
    static readonly TimeSpan TcpIdleTimeout = TimeSpan.FromSeconds(10);
    const int MaxDatagram = ushort.MaxValue;

    readonly string containerId;
    readonly IReadOnlyList<IPEndPoint> upstreams;
    readonly Socket udp;
    readonly Socket tcp;
    readonly DnsResponder responder;
    readonly SemaphoreSlim inFlight;
    readonly int limit;
    readonly ILogger logger;
    readonly CancellationTokenSource stopping = new();
    readonly Task udpLoop;
    readonly Task tcpLoop;

    public DnsListener(string containerId, IReadOnlyList<IPEndPoint> upstreams, Socket udp, Socket tcp, DnsResponder responder, SemaphoreSlim inFlight, int limit, ILogger logger)
    {
        this.containerId = containerId;
        this.upstreams = upstreams;
        this.udp = udp;
        this.tcp = tcp;
        this.responder = responder;
        this.inFlight = inFlight;
        this.limit = limit;
        this.logger = logger;
        udpLoop = Task.Run(ReceiveLoopAsync);
        tcpLoop = Task.Run(AcceptLoopAsync);
    }

    async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagram];
        var any = new IPEndPoint(udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // One client's trouble (say a refused earlier reply) does not stop the server.
                EmbeddedDnsLog.ServeFailed(logger, containerId, "udp receive: " + e.Message);
                continue;
            }
            if (!inFlight.Wait(0))
            {
                EmbeddedDnsLog.TooManyQueries(logger, limit, containerId);
                continue;
            }
            _ = AnswerDatagramAsync(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), received.RemoteEndPoint);
        }
    }

    async Task AnswerDatagramAsync(byte[] query, EndPoint client)
    {
        try
        {
            var answer = await responder.AnswerAsync(containerId, upstreams, query, DnsTransport.Udp, stopping.Token);
            if (answer is not null) await udp.SendToAsync(answer, SocketFlags.None, client, stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping, or the client went away: a datagram has nobody to tell.
        }
        catch (Exception e)
        {
            // A fault answering one query (say in the names table) must not go unseen, nor stop the others.
            EmbeddedDnsLog.ServeFailed(logger, containerId, "answering a query: " + e);
        }
        finally
        {
            inFlight.Release();
        }
    }

    async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await tcp.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                EmbeddedDnsLog.ServeFailed(logger, containerId, "tcp accept: " + e.Message);
                continue;
            }
            if (!inFlight.Wait(0))
            {
                EmbeddedDnsLog.TooManyQueries(logger, limit, containerId);
                client.Dispose();
                continue;
            }
            _ = ServeConnectionAsync(client);
        }
    }

    /// <summary>Answers the queries of one connection in turn until the client closes it or stays idle.</summary>
    async Task ServeConnectionAsync(Socket client)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                idle.CancelAfter(TcpIdleTimeout);
                var query = await DnsTcpFraming.ReadAsync(stream, idle.Token);
                if (query is null) return;
                var answer = await responder.AnswerAsync(containerId, upstreams, query, DnsTransport.Tcp, stopping.Token);
                if (answer is null) return;
                await DnsTcpFraming.WriteAsync(stream, answer, stopping.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // Idle, stopping, or the client hung up.
        }
        catch (Exception e)
        {
            EmbeddedDnsLog.ServeFailed(logger, containerId, "answering a query over tcp: " + e);
        }
        finally
        {
            client.Dispose();
            inFlight.Release();
        }
    }

    /// <summary>Stops receiving and closes both sockets, which frees 127.0.0.11:53 in the namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        udp.Dispose();
        tcp.Dispose();
        await Task.WhenAll(udpLoop, tcpLoop);
        stopping.Dispose();
    }
}
