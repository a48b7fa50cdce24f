using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Testing.Dns;

/// <summary>
/// A DNS server on 127.0.0.1 (UDP and TCP on one random port) answering a fixed record, so forwarding is tested
/// without any real resolver. Records what it received and over which transport.
/// </summary>
public sealed class FakeDnsUpstream : IAsyncDisposable
{
    readonly UdpClient udp;
    readonly TcpListener tcp;
    readonly CancellationTokenSource stop = new();
    readonly Task udpLoop;
    readonly Task tcpLoop;

    public FakeDnsUpstream(FakeUpstreamMode mode, IPAddress? address = null)
    {
        Mode = mode;
        Address = address ?? IPAddress.Parse("192.0.2.53");
        (udp, tcp) = BindPair();
        Endpoint = (IPEndPoint)udp.Client.LocalEndPoint!;
        udpLoop = Task.Run(UdpLoopAsync);
        tcpLoop = Task.Run(TcpLoopAsync);
    }

    public FakeUpstreamMode Mode { get; }
    public IPAddress Address { get; }
    public IPEndPoint Endpoint { get; }
    /// <summary>Every query received, raw, with "udp" or "tcp".</summary>
    public ConcurrentQueue<(string Transport, byte[] Query)> Received { get; } = new();

    /// <summary>The answer this server gives to <paramref name="query"/> over <paramref name="transport"/>; null for none.</summary>
    public byte[]? AnswerTo(byte[] query, string transport)
    {
        var message = DnsMessage.Parse(query);
        switch (Mode)
        {
            case FakeUpstreamMode.Silent:
                return null;
            case FakeUpstreamMode.ServerFailure:
                return DnsMessage.ReplyTo(message, DnsRcode.ServerFailure).ToBytes();
        }
        var question = message.Questions[0];
        // Many records, so that the whole answer is larger than a plain UDP message when truncating.
        var count = Mode == FakeUpstreamMode.TruncateUdp ? 40 : 1;
        DnsRecord[] answers = question.Type == DnsRecordType.A
            ? [.. Enumerable.Range(0, count).Select(_ => DnsRecord.Address(question.Name, Address, 60))]
            : [];
        var reply = DnsMessage.ReplyTo(message, answers.Length > 0 ? DnsRcode.NoError : DnsRcode.NameError, answers);
        if (Mode == FakeUpstreamMode.TruncateUdp && transport == "udp") reply = reply.AsTruncated();
        return reply.ToBytes();
    }

    async Task UdpLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try { received = await udp.ReceiveAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            Received.Enqueue(("udp", received.Buffer));
            if (AnswerTo(received.Buffer, "udp") is { } answer)
                await udp.SendAsync(answer, received.RemoteEndPoint, stop.Token);
        }
    }

    async Task TcpLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await tcp.AcceptTcpClientAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    while (await DnsTcpFraming.ReadAsync(stream, stop.Token) is { } query)
                    {
                        Received.Enqueue(("tcp", query));
                        if (AnswerTo(query, "tcp") is not { } answer) break;
                        await DnsTcpFraming.WriteAsync(stream, answer, stop.Token);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
            }
        }
    }

    /// <summary>UDP on a random port, then TCP on the same number; another random port when that one is taken.</summary>
    static (UdpClient, TcpListener) BindPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var tcp = new TcpListener(IPAddress.Loopback, port);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        udp.Dispose();
        tcp.Stop();
        await Task.WhenAll(udpLoop, tcpLoop);
        stop.Dispose();
    }
}
