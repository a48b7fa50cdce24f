using System.Text;
using Wharf.Client;

namespace Wharf.Cli.Tests.Unit;

public sealed class MultiplexedTests
{
    static byte[] Frame(byte stream, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[8 + body.Length];
        frame[0] = stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)body.Length);
        body.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>Hands out at most <paramref name="chunk"/> bytes per read, as a socket may.</summary>
    sealed class Trickle(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(4096)]
    public async Task Frames_split_across_reads_go_to_their_streams(int chunk)
    {
        byte[] data = [.. Frame(1, "hi\n"), .. Frame(2, "oops\n"), .. Frame(1, ""), .. Frame(1, "héllo"), .. Frame(0, "in")];
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await Multiplexed.CopyAsync(new Trickle(data, chunk), stdout, stderr);
        // Stdin frames never come from the daemon; anything but stderr is written to stdout.
        Assert.Equal("hi\nhélloin", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("oops\n", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task A_payload_cut_short_is_an_error_after_what_arrived()
    {
        var data = Frame(1, "complete")[..12];
        using var stdout = new MemoryStream();
        var e = await Assert.ThrowsAsync<EndOfStreamException>(() => Multiplexed.CopyAsync(new Trickle(data, 2), stdout, Stream.Null));
        Assert.Contains("inside a frame", e.Message, StringComparison.Ordinal);
        Assert.Equal("comp", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task A_header_cut_short_is_an_error_and_an_empty_stream_is_not()
    {
        byte[] data = [.. Frame(1, "a"), 1, 0, 0];
        await Assert.ThrowsAsync<EndOfStreamException>(() => Multiplexed.CopyAsync(new MemoryStream(data), Stream.Null, Stream.Null));
        await Multiplexed.CopyAsync(new MemoryStream([]), Stream.Null, Stream.Null);
    }
}
