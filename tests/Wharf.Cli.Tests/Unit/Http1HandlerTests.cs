using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Client;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

/// <summary>The unix-socket HTTP/1.1 handler against a scripted server: framing both ways, keep-alive, stale connections, errors.</summary>
public sealed class Http1HandlerTests : IDisposable
{
    readonly TempDirectory _dir = new();

    string SocketPath => Path.Combine(_dir.Path, "http.sock");

    public void Dispose() => _dir.Dispose();

    HttpClient Client() => new(new Http1Handler(DaemonDialer.ForUnixSocket(SocketPath))) { BaseAddress = new Uri($"http://{WharfClient.UnixHost}") };

    [Fact]
    public async Task ReadsABodyByContentLengthAndSortsItsHeaders()
    {
        await using var server = ScriptedServer.Start(SocketPath, _ => Response("200 OK", "hello", "Api-Version: 1.41", "Content-Type: application/json"));
        using var client = Client();

        using var response = await client.GetAsync("/v1.41/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("1.41", Assert.Single(response.Headers.GetValues("Api-Version")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET /v1.41/version HTTP/1.1", request.Line);
        Assert.Equal(WharfClient.UnixHost, request.Header("Host"));
    }

    [Fact]
    public async Task ReadsAChunkedBodyWithExtensionsAndTrailers()
    {
        await using var server = ScriptedServer.Start(SocketPath, _ => Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"));
        using var client = Client();

        Assert.Equal("hello world", await client.GetStringAsync("/a"));
        // The trailers were read: the connection carries the next request.
        Assert.Equal("hello world", await client.GetStringAsync("/b"));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ReadsABodyWithoutLengthUpToTheCloseAndDoesNotReuseTheConnection()
    {
        await using var server = ScriptedServer.Start(SocketPath, _ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it"), closeAfterEach: true);
        using var client = Client();

        Assert.Equal("all of it", await client.GetStringAsync("/a"));
        Assert.Equal("all of it", await client.GetStringAsync("/b"));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task ReusesAConnectionWhoseAnswerWasReadToTheEnd()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("200 OK", r.Line));
        using var client = Client();

        Assert.Equal("GET /one HTTP/1.1", await client.GetStringAsync("/one"));
        Assert.Equal("GET /two HTTP/1.1", await client.GetStringAsync("/two"));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendsARequestAgainOnANewConnectionWhenTheIdleOneWasClosed()
    {
        // The daemon closes every connection after one answer, as a restarted daemon leaves the pooled one dead.
        await using var server = ScriptedServer.Start(SocketPath, r => Response("200 OK", r.Line), closeAfterEach: true);
        using var client = Client();

        Assert.Equal("GET /one HTTP/1.1", await client.GetStringAsync("/one"));
        using var content = new StringContent("{}");
        using var response = await client.PostAsync("/two", content);

        Assert.Equal("POST /two HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task FramesAKnownLengthBodyWithContentLength()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("201 Created", $"{r.Header("Content-Length")}|{r.Header("Transfer-Encoding")}|{r.Body}"));
        using var client = Client();
        using var content = new StringContent("{\"Image\":\"busybox\"}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/containers/create", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("19||{\"Image\":\"busybox\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", server.Requests[0].Header("Content-Type"));
    }

    [Fact]
    public async Task SendsABodyOfUnknownLengthChunked()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("200 OK", $"{r.Header("Content-Length")}|{r.Header("Transfer-Encoding")}|{r.Body}"));
        using var client = Client();
        using var pipe = new UnseekableStream(Encoding.ASCII.GetBytes("a tar from a pipe"));
        using var content = new StreamContent(pipe, bufferSize: 4);

        using var response = await client.PostAsync("/images/load", content);

        Assert.Equal("|chunked|a tar from a pipe", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaysContentLengthZeroForAPostWithoutBodyAndNothingForAGet()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("204 No Content", ""));
        using var client = Client();

        using (await client.PostAsync("/containers/x/start", null)) { }
        using (await client.GetAsync("/containers/json")) { }

        Assert.Equal("0", server.Requests[0].Header("Content-Length"));
        Assert.Null(server.Requests[1].Header("Content-Length"));
        Assert.Null(server.Requests[1].Header("Transfer-Encoding"));
    }

    [Fact]
    public async Task NamesTheClientUnlessTheRequestNamesItself()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("204 No Content", ""));
        using var client = Client();

        using (await client.GetAsync("/_ping")) { }
        using var own = new HttpRequestMessage(HttpMethod.Get, "/_ping");
        own.Headers.TryAddWithoutValidation("User-Agent", "Docker-Client/28.2.2 (linux)");
        using (await client.SendAsync(own)) { }

        Assert.Equal(["Wharf-Client/0.1"], server.Requests[0].Headers.Where(h => h.Name == "User-Agent").Select(h => h.Value));
        Assert.Equal(["Docker-Client/28.2.2 (linux)"], server.Requests[1].Headers.Where(h => h.Name == "User-Agent").Select(h => h.Value));
    }

    [Fact]
    public async Task AHeadAnswerHasNoBodyWhateverItsContentLength()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => r.Line.StartsWith("HEAD", StringComparison.Ordinal)
            ? Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.41\r\n\r\n")
            : Response("200 OK", "OK"));
        using var client = Client();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));
        Assert.Equal("1.41", Assert.Single(head.Headers.GetValues("Api-Version")));
        Assert.Equal("OK", await client.GetStringAsync("/_ping"));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ABodyLeftUnreadClosesItsConnection()
    {
        await using var server = ScriptedServer.Start(SocketPath, r => Response("200 OK", new string('x', 100_000)));
        using var client = Client();

        using (var response = await client.GetAsync("/logs", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[10];
            Assert.True(await body.ReadAsync(buffer) > 0);
        }
        Assert.Equal(100_000, (await client.GetStringAsync("/again")).Length);

        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task AMissingSocketIsAConnectionErrorWithTheSocketErrorInside()
    {
        using var client = Client();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/_ping"));

        Assert.Equal(HttpRequestError.ConnectionError, e.HttpRequestError);
        Assert.IsType<SocketException>(e.InnerException);
    }

    [Fact]
    public async Task AnAnswerCutShortIsAnErrorNotATruncatedBody()
    {
        await using var server = ScriptedServer.Start(SocketPath, _ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this"), closeAfterEach: true);
        using var client = Client();

        // HttpClient wraps a failed body read as SocketsHttpHandler's callers know it.
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/a"));
        Assert.IsType<IOException>(e.InnerException);
    }

    static byte[] Response(string status, string body, params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status}\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        if (!status.StartsWith("204", StringComparison.Ordinal)) head.Append($"Content-Length: {bytes.Length}\r\n");
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. bytes];
    }

    /// <summary>A stream that cannot tell its length, as stdin or a pipe.</summary>
    sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A request as the server read it.</summary>
    sealed record Request(string Line, List<(string Name, string Value)> Headers, string Body)
    {
        public string? Header(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    /// <summary>A unix-socket server that answers each request with the script's bytes, optionally closing after each answer.</summary>
    sealed class ScriptedServer : IAsyncDisposable
    {
        readonly Socket _listener;
        readonly Func<Request, byte[]> _answer;
        readonly bool _closeAfterEach;
        readonly CancellationTokenSource _stop = new();
        readonly List<Task> _tasks = [];
        int _connections;

        ScriptedServer(Socket listener, Func<Request, byte[]> answer, bool closeAfterEach)
        {
            _listener = listener;
            _answer = answer;
            _closeAfterEach = closeAfterEach;
        }

        public List<Request> Requests { get; } = [];

        public int Connections => Volatile.Read(ref _connections);

        public static ScriptedServer Start(string path, Func<Request, byte[]> answer, bool closeAfterEach = false)
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            var server = new ScriptedServer(listener, answer, closeAfterEach);
            server._tasks.Add(server.AcceptAsync());
            return server;
        }

        async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                Interlocked.Increment(ref _connections);
                lock (_tasks) _tasks.Add(ServeAsync(socket));
            }
        }

        async Task ServeAsync(Socket socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var reader = new Reader(stream);
            try
            {
                while (await ReadRequestAsync(reader) is { } request)
                {
                    lock (Requests) Requests.Add(request);
                    await stream.WriteAsync(_answer(request), _stop.Token);
                    if (_closeAfterEach) return;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The client went away or the test ended.
            }
        }

        async Task<Request?> ReadRequestAsync(Reader reader)
        {
            var line = await reader.LineAsync(_stop.Token);
            if (line is null) return null;
            var headers = new List<(string, string)>();
            while (await reader.LineAsync(_stop.Token) is { Length: > 0 } header)
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                headers.Add((header[..colon], header[(colon + 1)..].Trim()));
            }
            var request = new Request(line, headers, "");
            var body = new StringBuilder();
            if (request.Header("Content-Length") is { } length)
            {
                body.Append(Encoding.UTF8.GetString(await reader.BytesAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), _stop.Token)));
            }
            else if (request.Header("Transfer-Encoding") == "chunked")
            {
                while (Convert.ToInt32(await reader.LineAsync(_stop.Token), 16) is var size && size > 0)
                {
                    body.Append(Encoding.UTF8.GetString(await reader.BytesAsync(size, _stop.Token)));
                    await reader.LineAsync(_stop.Token);
                }
                await reader.LineAsync(_stop.Token);
            }
            return request with { Body = body.ToString() };
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            Task[] tasks;
            lock (_tasks) tasks = [.. _tasks];
            await Task.WhenAll(tasks);
            _stop.Dispose();
        }
    }

    /// <summary>Lines and counted bytes from a stream, for the server's side of the protocol.</summary>
    sealed class Reader(Stream stream)
    {
        readonly List<byte> _pending = [];

        public async Task<string?> LineAsync(CancellationToken ct)
        {
            while (true)
            {
                for (var i = 0; i + 1 < _pending.Count; i++)
                {
                    if (_pending[i] != '\r' || _pending[i + 1] != '\n') continue;
                    var line = Encoding.ASCII.GetString([.. _pending.GetRange(0, i)]);
                    _pending.RemoveRange(0, i + 2);
                    return line;
                }
                if (!await FillAsync(ct)) return null;
            }
        }

        public async Task<byte[]> BytesAsync(int count, CancellationToken ct)
        {
            while (_pending.Count < count)
                if (!await FillAsync(ct)) throw new IOException("the client closed the connection in the middle of a body");
            var bytes = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            return bytes;
        }

        async Task<bool> FillAsync(CancellationToken ct)
        {
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer, ct);
            _pending.AddRange(buffer.AsSpan(0, read));
            return read > 0;
        }
    }
}
