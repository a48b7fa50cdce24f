using System.Buffers;
using System.IO.Pipelines;
using Wharf.Server.Streaming;

namespace Wharf.Server.Tests.Streaming;

/// <summary>stdcopy frames and the TTY/non-TTY choice of output writer.</summary>
public sealed class FramingTests
{
    [Fact]
    public void A_frame_is_stream_three_zeros_big_endian_length_payload()
    {
        var buffer = new ArrayBufferWriter<byte>();
        MuxFrame.Write(buffer, MuxFrame.Stdout, "hi\n"u8);
        // GT 008: 01 00 00 00 00 00 00 03 68 69 0a
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a }, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Large_payloads_carry_their_full_length()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var payload = new byte[70_000];
        payload[^1] = 7;
        MuxFrame.Write(buffer, MuxFrame.Stderr, payload);
        var written = buffer.WrittenSpan;
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 1, 0x11, 0x70 }, written[..8].ToArray());
        Assert.Equal(8 + 70_000, written.Length);
        Assert.Equal(7, written[^1]);
    }

    static async Task<byte[]> WrittenAsync(bool tty)
    {
        var pipe = new Pipe();
        var writer = OutputWriter.For(pipe.Writer, tty);
        Assert.True(await writer.WriteAsync(MuxFrame.Stdout, "out"u8.ToArray(), CancellationToken.None));
        Assert.True(await writer.WriteAsync(MuxFrame.Stderr, "err"u8.ToArray(), CancellationToken.None));
        Assert.True(await writer.WriteAsync(MuxFrame.Stdout, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        await pipe.Writer.CompleteAsync();
        using var all = new MemoryStream();
        await pipe.Reader.CopyToAsync(all);
        return all.ToArray();
    }

    [Fact]
    public async Task Without_a_tty_each_chunk_is_one_frame_and_empty_chunks_write_nothing() =>
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 3, (byte)'o', (byte)'u', (byte)'t', 2, 0, 0, 0, 0, 0, 0, 3, (byte)'e', (byte)'r', (byte)'r' },
            await WrittenAsync(tty: false));

    [Fact]
    public async Task With_a_tty_output_is_raw() => Assert.Equal("outerr"u8.ToArray(), await WrittenAsync(tty: true));

    [Fact]
    public async Task A_writer_reports_a_client_that_is_gone()
    {
        var pipe = new Pipe();
        var writer = OutputWriter.For(pipe.Writer, tty: false);
        await pipe.Reader.CompleteAsync();
        Assert.False(await writer.WriteAsync(MuxFrame.Stdout, "x"u8.ToArray(), CancellationToken.None));
    }
}
