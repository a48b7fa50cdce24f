using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Client;

/// <summary>
/// A connection to the daemon's unix socket made with libc's calls rather than <see cref="Socket"/>, whose first use
/// starts the runtime's socket engine: a thread and its epoll loop (~0.1 ms of a 5 ms command), and a hop from that
/// thread back to ours for every answer. An answer the daemon is about to send (see <see cref="ReadAsync(Memory{byte}, TimeSpan, CancellationToken)"/>)
/// is waited for on the calling thread for a moment; any other read that would wait, or one that waits longer (a stream
/// of logs or events, a hijacked attach, a slow stop), hands the descriptor to a <see cref="Socket"/>, whose reads wait
/// asynchronously and can be cancelled. Writes block until the daemon has taken the bytes.
/// </summary>
internal sealed unsafe partial class UnixSocketStream : Stream
{
    /// <summary>
    /// How long a read of a due answer may hold its thread: most answers come within a millisecond or two. Short, so that
    /// requests a command starts side by side (stats of several containers) are not held up behind each other.
    /// </summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromMilliseconds(20);

    const int AF_UNIX = 1;
    const int SOCK_STREAM = 1;
    const int SOCK_CLOEXEC = 0x80000;
    const int MSG_NOSIGNAL = 0x4000;
    const int SHUT_WR = 1;
    const short POLLIN = 0x1;
    const short POLLOUT = 0x4;
    const int EINTR = 4;
    const int EAGAIN = 11;
    const int EALREADY = 114;
    const int EINPROGRESS = 115;
    const int EISCONN = 106;
    /// <summary>sockaddr_un's path field, NUL included.</summary>
    const int MaxPath = 108;

    readonly int _fd;
    NetworkStream? _async;
    int _disposed;

    UnixSocketStream(int fd) => _fd = fd;

    /// <summary>True once a read had to wait asynchronously and a Socket took the descriptor.</summary>
    internal bool HandedToSocket => _async is not null;

    /// <summary>Connects to <paramref name="path"/>; failures throw <see cref="SocketException"/> as <see cref="Socket.Connect(System.Net.EndPoint)"/> does.</summary>
    public static UnixSocketStream Connect(string path)
    {
        var length = Encoding.UTF8.GetByteCount(path);
        if (length is 0 or >= MaxPath)
            throw new ArgumentOutOfRangeException(nameof(path), $"The path '{path}' is of an invalid length for use with domain sockets on this platform. The length must be between 1 and {MaxPath} characters.");
        var address = stackalloc byte[2 + MaxPath];
        new Span<byte>(address, 2 + MaxPath).Clear();
        *(ushort*)address = AF_UNIX;
        Encoding.UTF8.GetBytes(path, new Span<byte>(address + 2, MaxPath));
        var fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw SocketError(Marshal.GetLastPInvokeError());
        while (connect(fd, address, 2 + length + 1) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EISCONN) break;
            if (errno is EINTR or EALREADY or EINPROGRESS)
            {
                // Interrupted, the connection goes on: once writable, connecting again says how it ended.
                Poll(fd, POLLOUT, -1);
                continue;
            }
            close(fd);
            throw SocketError(errno);
        }
        return new UnixSocketStream(fd);
    }

    /// <summary>
    /// Reads what the daemon has sent, waiting for it up to <paramref name="wait"/> on this thread and beyond that
    /// asynchronously. Callers pass <see cref="AnswerWait"/> only for an answer that is due: the head of one, or its body
    /// of known length; never for a stream that waits on something else (a container's output, stdin we have yet to send).
    /// </summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan wait, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return ValueTask.FromCanceled<int>(ct);
        if (_async is null && (buffer.IsEmpty || Poll(_fd, POLLIN, (int)wait.TotalMilliseconds)))
        {
            try
            {
                return new ValueTask<int>(Read(buffer.Span));
            }
            catch (IOException e)
            {
                return ValueTask.FromException<int>(e);
            }
        }
        return Async().ReadAsync(buffer, ct);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ReadAsync(buffer, TimeSpan.Zero, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_async is { } socket) return socket.Read(buffer);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = recv(_fd, p, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR) throw Failure(errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        fixed (byte* start = buffer)
        {
            var p = start;
            var left = buffer.Length;
            while (left > 0)
            {
                var n = send(_fd, p, (nuint)left, MSG_NOSIGNAL);
                if (n >= 0)
                {
                    p += n;
                    left -= (int)n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                // Once a Socket has the descriptor it is non-blocking: wait for room, then go on.
                if (errno == EAGAIN)
                {
                    Poll(_fd, POLLOUT, -1);
                    continue;
                }
                throw Failure(errno);
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (IOException e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Ends our direction: <c>shutdown(SHUT_WR)</c>. Reading goes on.</summary>
    public void ShutdownWrite()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (shutdown(_fd, SHUT_WR) != 0) throw SocketError(Marshal.GetLastPInvokeError());
    }

    /// <summary>The descriptor as a Socket's, for reads that wait asynchronously; made at the first such read.</summary>
    NetworkStream Async()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _async ??= new NetworkStream(new Socket(new SafeSocketHandle(_fd, ownsHandle: true)), ownsSocket: true);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Once a Socket has the descriptor, closing it is the Socket's (which also ends its place in the engine).
            if (_async is { } socket) socket.Dispose();
            else close(_fd);
        }
        base.Dispose(disposing);
    }

    /// <summary>True once <paramref name="fd"/> has something to read (or has ended); false when <paramref name="timeoutMs"/> passed first.</summary>
    static bool Poll(int fd, short events, int timeoutMs)
    {
        var entry = new PollFd { Fd = fd, Events = events };
        while (true)
        {
            var n = poll(&entry, 1, timeoutMs);
            if (n >= 0) return n > 0;
            if (Marshal.GetLastPInvokeError() != EINTR) return true; // let the read or write itself report the error
        }
    }

    /// <summary>A read or write failure in NetworkStream's shape: an IOException around the SocketException.</summary>
    static IOException Failure(int errno)
    {
        var socket = SocketError(errno);
        return new IOException($"Unable to read or write the daemon's connection: {socket.Message}", socket);
    }

    static SocketException SocketError(int errno)
    {
        var code = errno switch
        {
            1 or 13 => System.Net.Sockets.SocketError.AccessDenied,      // EPERM, EACCES
            2 => System.Net.Sockets.SocketError.AddressNotAvailable,     // ENOENT, as the runtime reports it
            EAGAIN => System.Net.Sockets.SocketError.WouldBlock,
            32 => System.Net.Sockets.SocketError.Shutdown,               // EPIPE
            104 => System.Net.Sockets.SocketError.ConnectionReset,
            107 => System.Net.Sockets.SocketError.NotConnected,
            110 => System.Net.Sockets.SocketError.TimedOut,
            111 => System.Net.Sockets.SocketError.ConnectionRefused,
            _ => System.Net.Sockets.SocketError.SocketError,
        };
        return new SocketException((int)code, Marshal.GetPInvokeErrorMessage(errno));
    }

    [StructLayout(LayoutKind.Sequential)]
    struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int connect(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int shutdown(int fd, int how);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
