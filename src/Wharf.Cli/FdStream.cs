using System.Runtime.InteropServices;
using Wharf.Cli.Terminal;

namespace Wharf.Cli;

/// <summary>
/// A standard descriptor as a stream of plain read(2)/write(2) calls. Not FileStream: on a regular file (`wharf ps > out`)
/// FileStream writes with pwrite at a position of its own, so the descriptor's shared offset never moves and whatever
/// the shell writes next overwrites our output. Not the console streams either (see <see cref="StandardStreams"/>).
/// </summary>
internal sealed class FdStream(int fd, bool readable) : Stream
{
    public override bool CanRead => readable;
    public override bool CanWrite => !readable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (!readable) throw new NotSupportedException();
        if (buffer.IsEmpty) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Native.read(fd, p, (nuint)buffer.Length);
                if (n >= 0) return (int)n;
                ThrowUnlessInterrupted();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        if (readable) throw new NotSupportedException();
        fixed (byte* start = buffer)
        {
            var p = start;
            var left = buffer.Length;
            while (left > 0)
            {
                var n = Native.write(fd, p, (nuint)left);
                if (n < 0)
                {
                    // "wharf … | head": the reader left. The docker CLI dies of SIGPIPE then, silently; .NET ignores
                    // that signal, so end the same way (status 141, as a shell reports a SIGPIPE death).
                    if (Marshal.GetLastPInvokeError() == Native.EPIPE && fd is 1 or 2) Environment.Exit(128 + 13);
                    ThrowUnlessInterrupted();
                    continue;
                }
                p += n;
                left -= (int)n;
            }
        }
    }

    // Blocking calls on a pool thread, as FileStream does for a descriptor not opened for async I/O.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => new(Task.Run(() => Read(buffer.Span), cancellationToken));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    // Writes to stdout/stderr are short and a terminal or pipe takes them at once; doing them inline keeps output in order.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    static void ThrowUnlessInterrupted()
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Native.EINTR) throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
    }
}
