using System.Buffers;
using System.IO.Pipelines;

namespace Wharf.Server.Streaming;

/// <summary>Where a container's output goes: framed by stream (no TTY) or raw (TTY), chosen by the container's or exec's Tty.</summary>
internal abstract class OutputWriter(PipeWriter pipe)
{
    /// <summary>The writer for a stream whose process has (<paramref name="tty"/>) or has not a terminal.</summary>
    public static OutputWriter For(PipeWriter pipe, bool tty) => tty ? new RawOutputWriter(pipe) : new MuxOutputWriter(pipe);

    protected PipeWriter Pipe { get; } = pipe;

    /// <summary>Writes one chunk of output from <paramref name="stream"/> (1 stdout, 2 stderr) and flushes it; false when the client is gone.</summary>
    public async ValueTask<bool> WriteAsync(byte stream, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (payload.IsEmpty) return true;
        Write(stream, payload.Span);
        var flushed = await Pipe.FlushAsync(ct);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    protected abstract void Write(byte stream, ReadOnlySpan<byte> payload);
}

/// <summary>Non-TTY output: one stdcopy frame per chunk.</summary>
internal sealed class MuxOutputWriter(PipeWriter pipe) : OutputWriter(pipe)
{
    protected override void Write(byte stream, ReadOnlySpan<byte> payload) => MuxFrame.Write(Pipe, stream, payload);
}

/// <summary>TTY output: the pty's bytes as they are (a TTY has one stream).</summary>
internal sealed class RawOutputWriter(PipeWriter pipe) : OutputWriter(pipe)
{
    protected override void Write(byte stream, ReadOnlySpan<byte> payload) => Pipe.Write(payload);
}
