using System.Buffers;
using System.Buffers.Binary;

namespace Wharf.Client;

/// <summary>
/// Reads the stdout/stderr framing of logs, attach and exec without a TTY: an 8-byte header (stream, 3 zero bytes,
/// big-endian payload length) before each payload. With a TTY the daemon sends the raw bytes instead, so callers
/// check the container's or exec's Tty before choosing this or a plain copy.
/// </summary>
public static class Multiplexed
{
    const int HeaderLength = 8;

    /// <summary>
    /// Copies each frame's payload to <paramref name="stdout"/> or <paramref name="stderr"/> (flushing after each
    /// frame, so that interactive output is not held back) until the source ends. A frame cut short is an error.
    /// </summary>
    public static async Task CopyAsync(Stream source, Stream stdout, Stream stderr, CancellationToken ct = default)
    {
        var header = new byte[HeaderLength];
        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            while (await ReadHeaderAsync(source, header, ct))
            {
                var target = (StdStream)header[0] == StdStream.Stderr ? stderr : stdout;
                var remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                while (remaining > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
                    if (read == 0) throw new EndOfStreamException("the daemon's stream ended inside a frame");
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    remaining -= (uint)read;
                }
                await target.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>False at a clean end of stream (between frames).</summary>
    static async Task<bool> ReadHeaderAsync(Stream source, byte[] header, CancellationToken ct)
    {
        var filled = 0;
        while (filled < HeaderLength)
        {
            var read = await source.ReadAsync(header.AsMemory(filled), ct);
            if (read == 0)
                return filled == 0 ? false : throw new EndOfStreamException("the daemon's stream ended inside a frame header");
            filled += read;
        }
        return true;
    }
}
