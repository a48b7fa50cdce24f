using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Wharf.Client;

/// <summary>
/// One HTTP/1.1 connection: writes a request, reads the answer's head, and hands the body to an <see cref="Http1BodyStream"/>.
/// <see cref="Http1Handler"/>'s pool gives <paramref name="release"/> to take back a connection whose answer was read to
/// its end; a hijack (<see cref="HijackedStream"/>) gives none and keeps the connection after the head.
/// </summary>
internal sealed class Http1Connection(Stream stream, string host, Action<Http1Connection>? release) : IDisposable
{
    const int MaxHeadLength = 64 * 1024;
    /// <summary>What the client calls itself, unless a request names its own.</summary>
    public const string UserAgent = "Wharf-Client/0.1";

    static bool s_warm;

    readonly Stream _stream = stream;
    byte[] _buffer = new byte[8192];
    int _offset;
    int _count;

    /// <summary>The bytes read past the head and not yet taken: the start of the body, or of an upgraded protocol's stream.</summary>
    public ArraySegment<byte> Buffered => new(_buffer, _offset, _count);

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            try
            {
                await WriteRequestAsync(request, ct);
            }
            catch (IOException e)
            {
                throw new StaleConnectionException(e);
            }
            WarmUp();
            return await ReadResponseAsync(request, ct);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Does, while the daemon works on the first request, what reading its answer would otherwise start only after the
    /// answer has come: the runtime's table of known header names (~100 entries and their parsers), and the JSON parser's
    /// first use (its code is paged in).
    /// </summary>
    static void WarmUp()
    {
        if (s_warm) return;
        // A known name: looking up one the table lacks ("Api-Version") returns before the table is built.
        using (var response = new HttpResponseMessage()) response.Headers.TryAddWithoutValidation("Server", "");
        JsonElement.Parse("{}"u8);
        s_warm = true;
    }

    async Task WriteRequestAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var content = request.Content;
        var head = new StringBuilder(256)
            .Append(request.Method.Method).Append(' ').Append(request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString)
            .Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        // Written here rather than kept in HttpClient's default headers: those make every request start the runtime's
        // whole table of known headers and copy them in.
        if (!AppendHeaders(head, request.Headers)) head.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        long? length = null;
        if (content is not null)
        {
            length = content.Headers.ContentLength;
            AppendHeaders(head, content.Headers);
        }
        // Go's client, like SocketsHttpHandler, says Content-Length: 0 for a POST or PUT without a body.
        if (length is not null || content is null && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Delete)
            head.Append("Content-Length: ").Append((length ?? 0).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        else if (content is not null)
            head.Append("Transfer-Encoding: chunked\r\n");
        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        if (content is null) return;
        if (length is not null)
        {
            await content.CopyToAsync(_stream, ct);
        }
        else
        {
            await using var chunked = new ChunkedWriteStream(_stream);
            await content.CopyToAsync(chunked, ct);
            await chunked.FinishAsync(ct);
        }
        await _stream.FlushAsync(ct);
    }

    /// <summary>Writes the headers but for the framing, which is ours to write; true when they name a User-Agent.</summary>
    static bool AppendHeaders(StringBuilder head, HttpHeaders headers)
    {
        var userAgent = false;
        foreach (var (name, values) in headers.NonValidated)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            userAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            head.Append(name).Append(": ").Append(values.ToString()).Append("\r\n");
        }
        return userAgent;
    }

    async Task<HttpResponseMessage> ReadResponseAsync(HttpRequestMessage request, CancellationToken ct)
    {
        while (true)
        {
            var (status, reason, headers) = await ReadHeadAsync(ct);
            // 100 Continue and other interim answers come before the real one.
            if (status is >= 100 and < 200 and not 101) continue;
            var response = new HttpResponseMessage((HttpStatusCode)status) { ReasonPhrase = reason, RequestMessage = request, Version = HttpVersion.Version11 };
            var body = new Http1BodyStream(this, Framing(request, status, headers), Reusable(headers));
            var content = new StreamContent(body);
            foreach (var (name, value) in headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
            }
            response.Content = content;
            return response;
        }
    }

    static BodyFraming Framing(HttpRequestMessage request, int status, List<(string Name, string Value)> headers)
    {
        // After a 101 the connection speaks another protocol: nothing of it is reusable HTTP.
        if (status == 101) return BodyFraming.UntilClose;
        if (request.Method == HttpMethod.Head || status is 204 or 304) return BodyFraming.Fixed(0);
        if (Header(headers, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) return BodyFraming.Chunked;
        if (Header(headers, "Content-Length") is { } cl)
        {
            if (!long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new HttpRequestException(HttpRequestError.InvalidResponse, $"the daemon sent an invalid Content-Length: {cl}");
            return BodyFraming.Fixed(n);
        }
        return BodyFraming.UntilClose;
    }

    static bool Reusable(List<(string Name, string Value)> headers)
        => Header(headers, "Connection") is not { } connection || !connection.Contains("close", StringComparison.OrdinalIgnoreCase);

    static string? Header(List<(string Name, string Value)> headers, string name)
    {
        foreach (var (n, v) in headers)
            if (n.Equals(name, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    /// <summary>The status line and headers. A connection that ends before the first byte is stale (<see cref="StaleConnectionException"/>).</summary>
    async Task<(int Status, string Reason, List<(string Name, string Value)> Headers)> ReadHeadAsync(CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var end = _buffer.AsSpan(_offset + searched, _count - searched).IndexOf("\r\n\r\n"u8);
            if (end >= 0) return ParseHead(searched + end);
            searched = Math.Max(0, _count - 3);
            int read;
            try
            {
                read = await FillAsync(MaxHeadLength, answerDue: true, ct);
            }
            catch (IOException e) when (_count == 0)
            {
                throw new StaleConnectionException(e);
            }
            if (read == 0)
            {
                if (_count == 0) throw new StaleConnectionException(null);
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "the daemon closed the connection in the middle of its answer's head");
            }
        }
    }

    (int, string, List<(string, string)>) ParseHead(int length)
    {
        var text = Encoding.ASCII.GetString(_buffer, _offset, length);
        Consume(length + 4);
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new HttpRequestException(HttpRequestError.InvalidResponse, $"the daemon sent a malformed status line: {lines[0]}");
        var headers = new List<(string, string)>(lines.Length - 1);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return (status, parts.Length > 2 ? parts[2] : "", headers);
    }

    /// <summary>Reads more bytes behind those buffered (growing the buffer up to <paramref name="limit"/>); 0 at the end of the connection.</summary>
    async ValueTask<int> FillAsync(int limit, bool answerDue, CancellationToken ct)
    {
        if (_offset > 0 && _offset + _count == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _offset, _buffer, 0, _count);
            _offset = 0;
        }
        if (_count == _buffer.Length)
        {
            if (_buffer.Length >= limit) throw new HttpRequestException(HttpRequestError.InvalidResponse, "the daemon's answer has a line or head that is too long");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = await ReadTransportAsync(_buffer.AsMemory(_offset + _count), answerDue, ct);
        _count += read;
        return read;
    }

    /// <summary>Reads from the connection; <paramref name="answerDue"/> when the daemon is sending an answer rather than a stream that waits on events.</summary>
    ValueTask<int> ReadTransportAsync(Memory<byte> destination, bool answerDue, CancellationToken ct)
        => answerDue && _stream is DaemonConnection daemon ? daemon.ReadAnswerAsync(destination, ct) : _stream.ReadAsync(destination, ct);

    void Consume(int n)
    {
        _offset += n;
        _count -= n;
        if (_count == 0) _offset = 0;
    }

    /// <summary>Body bytes: those buffered behind the head first, then straight from the connection (<paramref name="answerDue"/>: a body of known length).</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, bool answerDue, CancellationToken ct)
    {
        if (_count == 0) return await ReadTransportAsync(destination, answerDue, ct);
        var n = Math.Min(destination.Length, _count);
        _buffer.AsMemory(_offset, n).CopyTo(destination);
        Consume(n);
        return n;
    }

    /// <summary>One CRLF-terminated line (a chunk's size or the end of a chunk), without the CRLF; null at the end of the connection.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var end = _buffer.AsSpan(_offset + searched, _count - searched).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _offset, searched + end);
                Consume(searched + end + 2);
                return line;
            }
            searched = Math.Max(0, _count - 1);
            if (await FillAsync(16 * 1024, answerDue: false, ct) == 0) return null;
        }
    }

    /// <summary>The body was read to its end: the connection can carry the next request.</summary>
    public void Completed(bool reusable)
    {
        if (reusable && release is not null) release(this);
        else Dispose();
    }

    public void Dispose() => _stream.Dispose();
}
