using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Client;

/// <summary>
/// The full-duplex stream of a hijacked request (attach, exec start): reads give the daemon's output (framed without a
/// TTY, raw with one), writes go to the process's stdin, and <see cref="CloseWriteAsync"/> ends stdin while output keeps
/// coming, as the docker CLI's CloseWrite does: <c>shutdown(SHUT_WR)</c> on a socket, a TLS close_notify over TLS
/// (what Go's <c>tls.Conn.CloseWrite</c> sends; the daemon takes it as end of stdin and keeps writing), or closing ssh's stdin.
/// </summary>
public sealed class HijackedStream : Stream
{
    const int MaxHeadLength = 64 * 1024;

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
            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{method.Method} {pathAndQuery} HTTP/1.1\r\n")
                .Append(CultureInfo.InvariantCulture, $"Host: {dialer.Host}\r\n")
                .Append("User-Agent: Wharf-Client/0.1\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
                .Append("Connection: Upgrade\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
                .Append("Upgrade: tcp\r\n\r\n")
                .ToString();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
            if (!body.IsEmpty) await stream.WriteAsync(body, ct);
            await stream.FlushAsync(ct);

            var (status, headers, buffer, end, filled) = await ReadHeadAsync(stream, ct);
            var result = new HijackedStream(stream, buffer, end, filled - end) { Upgraded = status == 101 };
            if (status is 101 or 200) return result;
            var text = await result.ReadErrorBodyAsync(headers, ct);
            throw new WharfApiException(status, WharfClient.ErrorMessage(text, (HttpStatusCode)status));
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

    /// <summary>Reads the status line and headers; the bytes after them stay in the returned buffer (from End to Filled).</summary>
    static async Task<(int Status, Dictionary<string, string> Headers, byte[] Buffer, int End, int Filled)> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var filled = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0) return Parse(buffer, end, filled);
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeadLength) throw new WharfApiException(0, "the daemon's response head is too long");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0) throw new WharfApiException(0, "the daemon closed the connection before answering the hijack request");
            filled += read;
        }

        static (int, Dictionary<string, string>, byte[], int, int) Parse(byte[] buffer, int end, int filled)
        {
            var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
            var parts = lines[0].Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                throw new WharfApiException(0, $"the daemon sent a malformed status line: {lines[0]}");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.AsSpan(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            return (status, headers, buffer, end + 4, filled);
        }
    }

    /// <summary>The body of an error answer: by Content-Length, chunked, or up to the close.</summary>
    async Task<string> ReadErrorBodyAsync(Dictionary<string, string> headers, CancellationToken ct)
    {
        using var body = new MemoryStream();
        var buffer = new byte[4096];
        long? length = headers.TryGetValue("Content-Length", out var l) && long.TryParse(l, CultureInfo.InvariantCulture, out var n) ? n : null;
        var chunked = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        while (body.Length < MaxHeadLength && (length is null || body.Length < length))
        {
            var want = length is long total ? (int)Math.Min(buffer.Length, total - body.Length) : buffer.Length;
            var read = await ReadAsync(buffer.AsMemory(0, want), ct);
            if (read == 0) break;
            body.Write(buffer, 0, read);
        }
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        return chunked ? Dechunk(text) : text;
    }

    static string Dechunk(string text)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var sizeText = text[position..lineEnd].Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0) break;
            var start = lineEnd + 2;
            result.Append(text.AsSpan(start, Math.Min(size, text.Length - start)));
            position = start + size + 2;
        }
        return result.ToString();
    }
}
