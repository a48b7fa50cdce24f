using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// Answers one query for a container as dockerd's embedded resolver does: A (and AAAA) for the names of the
/// containers on its networks, PTR for their addresses, everything else forwarded to the upstreams, SERVFAIL when
/// none answers. Transport-free: the server hands it the bytes it received and sends back what it returns.
/// </summary>
public sealed class DnsResponder(IContainerNames names, DnsUpstreams upstreams, ILogger<DnsResponder> logger)
{
    /// <summary>dockerd's respTTL.</summary>
    public const uint Ttl = 600;
    const int OpcodeQuery = 0;

    readonly DnsForwarder forwarder = new(upstreams, logger);

    /// <summary>
    /// The answer to send back, or null when nothing should be sent (not a query, or too broken to carry an id).
    /// A UDP answer longer than the client takes is cut to its header and question with TC set.
    /// </summary>
    public Task<byte[]?> AnswerAsync(string containerId, ReadOnlyMemory<byte> query, DnsTransport transport, CancellationToken ct) =>
        AnswerAsync(containerId, [], query, transport, ct);

    /// <summary>As above, forwarding outside names to <paramref name="containerUpstreams"/> when the container has its own.</summary>
    public async Task<byte[]?> AnswerAsync(string containerId, IReadOnlyList<IPEndPoint> containerUpstreams, ReadOnlyMemory<byte> query,
        DnsTransport transport, CancellationToken ct)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(query.Span);
        }
        catch (DnsFormatException e)
        {
            DnsLog.MalformedQuery(logger, e.Message);
            return FormatError(query.Span);
        }
        // dockerd's resolver ignores responses (no loops between resolvers) and messages without a question.
        if (message.IsResponse || message.Questions.Count == 0) return null;

        var local = message.Opcode == OpcodeQuery && message.Questions.Count == 1 ? AnswerLocally(containerId, message) : null;
        if (local is not null) return Fit(local, message, transport);

        if (names.ForwardsOutside(containerId))
        {
            var forwarded = await forwarder.ForwardAsync(message, query, transport, containerUpstreams.Count > 0 ? containerUpstreams : upstreams.Current(), ct);
            if (forwarded is not null) return forwarded;
        }
        var question = message.Questions[0];
        DnsLog.NoUpstreamAnswered(logger, question.Name, question.Type.ToString());
        return Fit(DnsMessage.ReplyTo(message, DnsRcode.ServerFailure), message, transport);
    }

    /// <summary>The reply from the containers' names, or null when the question is not about one of them.</summary>
    DnsMessage? AnswerLocally(string containerId, DnsMessage query)
    {
        var question = query.Questions[0];
        switch (question.Type)
        {
            case DnsRecordType.A or DnsRecordType.Aaaa when question.Class == DnsRecord.ClassInternet:
            {
                var addresses = names.Resolve(containerId, DnsName.Trim(question.Name));
                if (addresses.Count == 0) return null;
                var family = question.Type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                var matching = addresses.Where(a => a.AddressFamily == family).ToArray();
                // dockerd shuffles several addresses, a poor man's round robin; a known name without an address of
                // the asked family gets an empty NOERROR, so the client does not go on to search domains.
                Random.Shared.Shuffle(matching);
                return DnsMessage.ReplyTo(query, DnsRcode.NoError, [.. matching.Select(a => DnsRecord.Address(question.Name, a, Ttl))]);
            }
            case DnsRecordType.Ptr:
            {
                var address = DnsName.ParseReverse(question.Name);
                if (address is null) return null;
                var host = names.ReverseResolve(containerId, address);
                return host is null ? null : DnsMessage.ReplyTo(query, DnsRcode.NoError, [DnsRecord.Ptr(question.Name, host, Ttl, question.Class)]);
            }
            default:
                return null;
        }
    }

    static byte[] Fit(DnsMessage reply, DnsMessage query, DnsTransport transport)
    {
        var bytes = reply.ToBytes();
        return transport == DnsTransport.Udp && bytes.Length > query.MaxUdpResponseLength ? reply.AsTruncated().ToBytes() : bytes;
    }

    /// <summary>FORMERR with the query's id and opcode when at least a header arrived and it is not itself a response.</summary>
    static byte[]? FormatError(ReadOnlySpan<byte> query)
    {
        if (query.Length < DnsMessage.HeaderLength || (query[2] & 0x80) != 0) return null;
        var flags = (ushort)(0x8000 | (BinaryPrimitives.ReadUInt16BigEndian(query[2..]) & 0x7900) | 0x0080 | (byte)DnsRcode.FormatError);
        return new DnsMessage { Id = BinaryPrimitives.ReadUInt16BigEndian(query), Flags = flags }.ToBytes();
    }
}
