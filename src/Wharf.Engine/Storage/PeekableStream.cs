namespace Wharf.Engine.Storage;

/// <summary>Reads the first bytes of a non-seekable stream (to sniff its compression) and then replays them before the rest.</summary>
internal sealed class PeekableStream : Stream
{
    readonly Stream _inner;
    readonly byte[] _head;
    int _headPos;
    readonly int _headLen;

    PeekableStream(Stream inner, byte[] head, int headLen)
    {
        _inner = inner;
        _head = head;
        _headLen = headLen;
    }

    /// <summary>The bytes read ahead (fewer when the stream is shorter).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLen);

    public static async Task<PeekableStream> CreateAsync(Stream inner, int count, CancellationToken ct)
    {
        var head = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await inner.ReadAsync(head.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        return new PeekableStream(inner, head, read);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_headPos < _headLen)
        {
            var n = Math.Min(count, _headLen - _headPos);
            Array.Copy(_head, _headPos, buffer, offset, n);
            _headPos += n;
            return n;
        }
        return _inner.Read(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPos < _headLen)
        {
            var n = Math.Min(buffer.Length, _headLen - _headPos);
            _head.AsMemory(_headPos, n).CopyTo(buffer);
            _headPos += n;
            return n;
        }
        return await _inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
