using System.Net.Security;
using System.Net.Sockets;

namespace Wharf.Client;

/// <summary>
/// A raw, full-duplex connection to the daemon (what <c>system dial-stdio</c> relays and a hijacked request runs on):
/// a unix or TCP socket, a TLS stream over one, or an ssh child process's stdin and stdout. <see cref="CloseWriteAsync"/>
/// ends our direction only, as Go's <c>CloseWrite</c> does: <c>shutdown(SHUT_WR)</c>, a TLS close_notify, or closing the
/// child's stdin.
/// </summary>
public sealed class DaemonConnection : Stream
{
    readonly Stream _stream;
    readonly Func<ValueTask> _closeWrite;
    readonly IDisposable? _owner;
    int _writeClosed;

    DaemonConnection(Stream stream, Func<ValueTask> closeWrite, IDisposable? owner)
    {
        _stream = stream;
        _closeWrite = closeWrite;
        _owner = owner;
    }

    internal static DaemonConnection ForSocket(Socket socket)
        => new(new NetworkStream(socket, ownsSocket: true), () =>
        {
            socket.Shutdown(SocketShutdown.Send);
            return ValueTask.CompletedTask;
        }, socket);

    internal static DaemonConnection ForUnixSocket(UnixSocketStream socket)
        => new(socket, () =>
        {
            socket.ShutdownWrite();
            return ValueTask.CompletedTask;
        }, null);

    internal static DaemonConnection ForTls(Socket socket, SslStream tls)
        => new(tls, async () => await tls.ShutdownAsync(), socket);

    internal static DaemonConnection ForCommand(CommandConnection command)
        => new(command, command.CloseWriteAsync, null);

    /// <summary>Ends our direction (once); reading goes on until the other side closes.</summary>
    public async Task CloseWriteAsync()
    {
        if (Interlocked.Exchange(ref _writeClosed, 1) != 0) return;
        try
        {
            await _closeWrite();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The other side has already closed: there is no direction left to end.
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Reads an answer the daemon is about to send (its head, or a body of known length): a unix socket waits for it on
    /// the calling thread for a moment (<see cref="UnixSocketStream.AnswerWait"/>) before it waits asynchronously.
    /// </summary>
    internal ValueTask<int> ReadAnswerAsync(Memory<byte> buffer, CancellationToken ct)
        => _stream is UnixSocketStream unix ? unix.ReadAsync(buffer, UnixSocketStream.AnswerWait, ct) : _stream.ReadAsync(buffer, ct);

    public override int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => _stream.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _stream.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _stream.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        => _stream.WriteAsync(buffer, cancellationToken);

    public override void Flush() => _stream.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
            _owner?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _owner?.Dispose();
        await base.DisposeAsync();
    }
}
