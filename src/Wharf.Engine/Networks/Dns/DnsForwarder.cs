using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// Sends a query, unchanged (its id and question as the client wrote them), to the given upstreams in order: each has
/// <see cref="DnsUpstreams.Timeout"/> to answer; a timeout, a socket error, SERVFAIL or REFUSED moves on to the next,
/// as dockerd's resolver does. A UDP answer with TC set is asked again over TCP.
/// </summary>
internal sealed class DnsForwarder(DnsUpstreams upstreams, ILogger logger)
{
    const int MaxMessage = ushort.MaxValue;

    /// <summary>The first usable upstream answer to a query with a question, as received; null when none answered.</summary>
    public async Task<byte[]?> ForwardAsync(DnsMessage query, ReadOnlyMemory<byte> raw, DnsTransport transport, IReadOnlyList<IPEndPoint> servers,
        CancellationToken ct)
    {
        var question = query.Questions[0];
        foreach (var server in servers)
        {
            string reason;
            try
            {
                var answer = transport == DnsTransport.Tcp
                    ? await AskOverTcpAsync(server, raw, query.Id, ct)
                    : await AskOverUdpAsync(server, raw, query.Id, ct);
                // Only the header is read: the answer goes back to the client as it came.
                if (transport == DnsTransport.Udp && (answer[2] & 0x02) != 0)
                    answer = await WholeOverTcpAsync(server, raw, query, answer, ct);
                var rcode = (DnsRcode)(answer[3] & 0xF);
                if (rcode is not (DnsRcode.ServerFailure or DnsRcode.Refused)) return answer;
                reason = "answered " + rcode;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = "no answer within " + upstreams.Timeout;
            }
            catch (SocketException e)
            {
                reason = e.Message;
            }
            catch (DnsFormatException e)
            {
                reason = "malformed answer: " + e.Message;
            }
            catch (IOException e)
            {
                reason = e.Message;
            }
            DnsLog.UpstreamFailed(logger, server, question.Name, question.Type.ToString(), reason);
        }
        return null;
    }

    /// <summary>
    /// The whole answer over TCP when it fits what the client takes over UDP; otherwise, or when TCP fails, the
    /// truncated one, and the client asks again over TCP itself.
    /// </summary>
    async Task<byte[]> WholeOverTcpAsync(IPEndPoint server, ReadOnlyMemory<byte> raw, DnsMessage query, byte[] truncated, CancellationToken ct)
    {
        try
        {
            var whole = await AskOverTcpAsync(server, raw, query.Id, ct);
            return whole.Length <= query.MaxUdpResponseLength ? whole : truncated;
        }
        catch (Exception e) when (e is SocketException or IOException or DnsFormatException ||
                                  (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return truncated;
        }
    }

    async Task<byte[]> AskOverUdpAsync(IPEndPoint server, ReadOnlyMemory<byte> raw, ushort id, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(upstreams.Timeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected: only the server's datagrams arrive, and an ICMP refusal fails the receive at once.
        await socket.ConnectAsync(server, timeout.Token);
        await socket.SendAsync(raw, SocketFlags.None, timeout.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessage);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, timeout.Token);
                // A late answer to an earlier query, or garbage: keep waiting for ours.
                if (IsAnswerTo(buffer.AsSpan(0, received), id)) return buffer.AsSpan(0, received).ToArray();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    async Task<byte[]> AskOverTcpAsync(IPEndPoint server, ReadOnlyMemory<byte> raw, ushort id, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(upstreams.Timeout);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await DnsTcpFraming.WriteAsync(stream, raw, timeout.Token);
        var answer = await DnsTcpFraming.ReadAsync(stream, timeout.Token)
            ?? throw new IOException("the upstream closed the connection without answering");
        if (!IsAnswerTo(answer, id)) throw new DnsFormatException("the answer's id or flags do not match the query");
        return answer;
    }

    static bool IsAnswerTo(ReadOnlySpan<byte> answer, ushort id) =>
        answer.Length >= DnsMessage.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(answer) == id && (answer[2] & 0x80) != 0;
}
