using System.Globalization;

namespace Wharf.Client;

/// <summary>How an answer's body ends: after a number of bytes, at the last chunk, or when the daemon closes.</summary>
internal readonly record struct BodyFraming(long? Bytes, bool IsChunked)
{
    public static BodyFraming Fixed(long bytes) => new(bytes, false);
    public static BodyFraming Chunked => new(null, true);
    public static BodyFraming UntilClose => new(null, false);
}

/// <summary>
/// An answer's body on an <see cref="Http1Connection"/>, framed by Content-Length, chunked, or up to the close. Read to
/// its end, it gives the connection back for reuse; disposed before that, it closes the connection.
/// </summary>
internal sealed class Http1BodyStream : Stream
{
    readonly Http1Connection _connection;
    readonly bool _chunked;
    readonly bool _reusable;
    long? _remaining;          // bytes left: of the body (Content-Length) or of the current chunk
    bool _done;
    bool _disposed;

    public Http1BodyStream(Http1Connection connection, BodyFraming length, bool reusable)
    {
        _connection = connection;
        _chunked = length.IsChunked;
        _remaining = length.IsChunked ? 0 : length.Bytes;
        // A body that runs to the close leaves nothing to reuse.
        _reusable = reusable && (length.IsChunked || length.Bytes is not null);
        if (_remaining == 0 && !_chunked) Finish();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_done || buffer.IsEmpty) return 0;
        if (_chunked && _remaining == 0 && !await NextChunkAsync(cancellationToken)) return 0;
        var want = _remaining is long left ? (int)Math.Min(buffer.Length, left) : buffer.Length;
        // A body of known length is on its way; a chunked one may be a stream that waits on events.
        var read = await _connection.ReadAsync(buffer[..want], answerDue: !_chunked && _remaining is not null, cancellationToken);
        if (read == 0)
        {
            if (_remaining is not null) throw new IOException("the daemon closed the connection before the end of its answer");
            Finish();
            return 0;
        }
        if (_remaining is not null)
        {
            _remaining -= read;
            if (_remaining == 0 && !_chunked) Finish();
        }
        return read;
    }

    /// <summary>Moves past the end of the current chunk to the next one's size; false (and finished) at the last chunk.</summary>
    async ValueTask<bool> NextChunkAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct);
        // Every chunk but the first ends with a CRLF before the next size line.
        if (line.Length == 0) line = await ReadLineAsync(ct);
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var size = semicolon < 0 ? line : line[..semicolon];
        if (!long.TryParse(size.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n) || n < 0)
            throw new IOException($"the daemon sent a malformed chunk size: {line}");
        if (n > 0)
        {
            _remaining = n;
            return true;
        }
        // The last chunk: skip any trailers up to the empty line.
        while ((await ReadLineAsync(ct)).Length > 0)
        {
        }
        Finish();
        return false;
    }

    async ValueTask<string> ReadLineAsync(CancellationToken ct)
        => await _connection.ReadLineAsync(ct) ?? throw new IOException("the daemon closed the connection in the middle of a chunked answer");

    void Finish()
    {
        if (_done) return;
        _done = true;
        _connection.Completed(_reusable);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous readers (a tar or JSON reader given the stream) get the same bytes; the CLI has no context to deadlock on.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // Unread bytes would be taken for the next answer's head: the connection goes with the body.
            if (!_done) _connection.Dispose();
        }
        base.Dispose(disposing);
    }
}
