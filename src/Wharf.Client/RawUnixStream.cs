using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Client;

internal sealed unsafe partial class RawUnixStream : Stream
{
    readonly int _fd;
    RawUnixStream(int fd) { _fd = fd; }

    [LibraryImport("libc", SetLastError = true)] private static partial int socket(int domain, int type, int protocol);
    [LibraryImport("libc", SetLastError = true)] private static partial int connect(int fd, byte* addr, int len);
    [LibraryImport("libc", SetLastError = true)] private static partial nint recv(int fd, byte* buf, nuint len, int flags);
    [LibraryImport("libc", SetLastError = true)] private static partial nint send(int fd, byte* buf, nuint len, int flags);
    [LibraryImport("libc", SetLastError = true)] private static partial int close(int fd);

    public static RawUnixStream Connect(string path)
    {
        var fd = socket(1, 1 | 0x80000, 0);
        var addr = stackalloc byte[110];
        new Span<byte>(addr, 110).Clear();
        addr[0] = 1;
        var n = Encoding.UTF8.GetBytes(path, new Span<byte>(addr + 2, 107));
        if (connect(fd, addr, 2 + n + 1) != 0) { close(fd); throw new System.Net.Sockets.SocketException(10049); }
        return new RawUnixStream(fd);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer) { fixed (byte* p = buffer) return (int)recv(_fd, p, (nuint)buffer.Length, 0); }
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => new(Read(buffer.Span));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer) { fixed (byte* p = buffer) send(_fd, p, (nuint)buffer.Length, 0x4000); }
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Write(buffer.Span); return default; }
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Write(buffer, offset, count); return Task.CompletedTask; }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { close(_fd); base.Dispose(disposing); }
}
