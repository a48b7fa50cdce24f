using System.Net.Sockets;

namespace Wharf.Client;

/// <summary>
/// The full-duplex stream of a hijacked request (attach, exec start): reads give the daemon's output (framed without a
/// TTY, raw with one), writes go to the process's stdin, and <see cref="CloseWriteAsync"/> ends stdin while output keeps
/// coming, as the docker CLI's CloseWrite does: <c>shutdown(SHUT_WR)</c> on a socket, a TLS close_notify over TLS
/// (what Go's <c>tls.Conn.CloseWrite</c> sends; the daemon takes it as end of stdin and keeps writing), or closing ssh's stdin.
/// </summary>
public sealed class HijackedStream : Stream
{
    readonly DaemonConnection _stream;
    readonly byte[] _pending;
    int _pendingOffset;
    int _pendingCount;

    HijackedStream(DaemonConnection stream, byte[] pending, int offset, int count)
    {
        _stream = stream;
        _pending = pending;
        _pendingOffset = offset;
        _pendingCount = count;
    }

    /// <summary>True when the daemon answered 101 (upgraded); false for the plain 200 of old daemons, which stream the same bytes.</summary>
    public bool Upgraded { get; private init; }

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="pathAndQuery"/> with <c>Connection: Upgrade</c> and <c>Upgrade: tcp</c>
    /// over a new connection and returns the stream once the daemon has answered 101 (or 200); an error status throws
    /// <see cref="WharfApiException"/> with the daemon's message.
    /// </summary>
    internal static async Task<HijackedStream> OpenAsync(DaemonDialer dialer, HttpMethod method, string pathAndQuery,
                                                         string contentType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var stream = await dialer.DialAsync(ct);
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative)) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", "tcp");
            // No release: after the head the connection is this stream's, whatever the daemon answers.
            var connection = new Http1Connection(stream, dialer.Host, release: null);
            HttpResponseMessage response;
            try
            {
                response = await connection.SendAsync(request, ct);
            }
            catch (StaleConnectionException e)
            {
                throw Http1Handler.Unanswered(e);
            }
            var status = (int)response.StatusCode;
            if (status is 101 or 200)
            {
                var pending = connection.Buffered;
                return new HijackedStream(stream, pending.Array!, pending.Offset, pending.Count) { Upgraded = status == 101 };
            }
            using (response)
                throw new WharfApiException(status, WharfClient.ErrorMessage(await response.Content.ReadAsStringAsync(ct), response.StatusCode));
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the process's stdin (once); reading goes on until the daemon closes.</summary>
    public Task CloseWriteAsync() => _stream.CloseWriteAsync();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakePending(buffer) is > 0 and var n) return n;
        return _stream.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePending(buffer.Span) is > 0 and var n) return n;
        try
        {
            return await _stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A daemon that closes with unread stdin in its buffer resets the connection; its output has all arrived.
            return 0;
        }
    }

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
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        await base.DisposeAsync();
    }

    int TakePending(Span<byte> buffer)
    {
        if (_pendingCount == 0) return 0;
        var n = Math.Min(buffer.Length, _pendingCount);
        _pending.AsSpan(_pendingOffset, n).CopyTo(buffer);
        _pendingOffset += n;
        _pendingCount -= n;
        return n;
    }
}
