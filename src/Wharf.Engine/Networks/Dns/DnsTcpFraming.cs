using System.Buffers.Binary;

namespace Wharf.Engine.Networks.Dns;

/// <summary>DNS over TCP: each message is preceded by its length as two bytes (RFC 1035 4.2.2).</summary>
public static class DnsTcpFraming
{
    /// <summary>Reads one message; null when the stream ends cleanly before its length.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var prefix = new byte[2];
        var read = await stream.ReadAtLeastAsync(prefix, 2, throwOnEndOfStream: false, ct);
        if (read == 0) return null;
        if (read < 2) throw new EndOfStreamException("the stream ended inside a DNS length prefix");
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(message, ct);
        return message;
    }

    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.Span.CopyTo(framed.AsSpan(2));
        await stream.WriteAsync(framed, ct);
        await stream.FlushAsync(ct);
    }
}
