using System.Buffers;
using System.Buffers.Binary;

namespace Wharf.Server.Streaming;

/// <summary>Docker's stdcopy framing for non-TTY streams: stream byte, three zero bytes, big-endian uint32 length, payload.</summary>
internal static class MuxFrame
{
    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    /// <summary>Daemon-side errors in newer APIs; at 1.41 such text goes out as a stdout frame.</summary>
    public const byte SystemErr = 3;

    public const int HeaderSize = 8;

    public static void Write(IBufferWriter<byte> writer, byte stream, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderSize + payload.Length);
        span[0] = stream;
        span[1] = span[2] = span[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }
}
