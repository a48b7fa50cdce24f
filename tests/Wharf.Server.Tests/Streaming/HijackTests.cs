using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Wharf.Server.Streaming;

namespace Wharf.Server.Tests.Streaming;

/// <summary>The attach/exec-start handshake on a real Kestrel over a unix socket: bytes on the wire, half-close, close.</summary>
public sealed class HijackTests : IAsyncLifetime
{
    KestrelSocketHost _host = null!;
    readonly TaskCompletionSource<bool> _floodEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync() => _host = await KestrelSocketHost.StartAsync(app =>
    {
        MapMore(app, _floodEnded);
        // Echo: read stdin to the client's half-close, then answer with what came, framed, and end the stream.
        app.MapPost("/probe/echo", async (HttpContext http) =>
        {
            using (var drain = new MemoryStream()) await http.Request.Body.CopyToAsync(drain, http.RequestAborted);
            await using var conn = await Hijack.AcceptAsync(http, http.RequestAborted);
            var stdin = new MemoryStream();
            while (true)
            {
                var read = await conn.Input.ReadAsync(CancellationToken.None);
                foreach (var segment in read.Buffer) stdin.Write(segment.Span);
                conn.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) break;
            }
            // Output after the client's EOF must still arrive.
            await Task.Delay(50);
            var output = OutputWriter.For(conn.Output, tty: false);
            await output.WriteAsync(MuxFrame.Stdout, Encoding.ASCII.GetBytes("got:" + Encoding.ASCII.GetString(stdin.ToArray())), CancellationToken.None);
            await output.WriteAsync(MuxFrame.Stderr, "bye"u8.ToArray(), CancellationToken.None);
        });
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    static void MapMore(WebApplication app, TaskCompletionSource<bool> floodEnded)
    {
        // A process that prints and exits without reading stdin: the client never half-closes.
        app.MapPost("/probe/emit", async (HttpContext http) =>
        {
            await using var conn = await Hijack.AcceptAsync(http, http.RequestAborted);
            var output = OutputWriter.For(conn.Output, tty: true);
            await output.WriteAsync(MuxFrame.Stdout, "line 1\r\n"u8.ToArray(), CancellationToken.None);
            await output.WriteAsync(MuxFrame.Stdout, "line 2\r\n"u8.ToArray(), CancellationToken.None);
        });
        // A process that prints forever: only the client's departure ends it.
        app.MapPost("/probe/flood", async (HttpContext http) =>
        {
            await using var conn = await Hijack.AcceptAsync(http, http.RequestAborted);
            var output = OutputWriter.For(conn.Output, tty: false);
            var chunk = new byte[4096];
            try
            {
                while (await output.WriteAsync(MuxFrame.Stdout, chunk, conn.Closed)) { }
                floodEnded.TrySetResult(true);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                floodEnded.TrySetResult(true);
            }
        });
    }

    static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.ASCII.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        frame[7] = (byte)payload.Length;
        payload.CopyTo(frame, 8);
        return frame;
    }

    const string Upgraded = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    const string Plain = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";

    [Fact]
    public async Task An_upgrade_gets_dockerd_exact_101_and_output_keeps_flowing_after_the_client_half_closes()
    {
        using var socket = await _host.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.41/probe/echo?stdin=1&stdout=1 HTTP/1.1\r\nHost: docker\r\nUser-Agent: Docker-Client/28.0.0 (linux)\r\n" +
            "Content-Length: 0\r\nConnection: Upgrade\r\nContent-Type: text/plain\r\nUpgrade: tcp\r\n\r\n"));
        var head = await KestrelSocketHost.ReadExactlyAsync(socket, Upgraded.Length);
        Assert.Equal(Upgraded, Encoding.ASCII.GetString(head));

        await socket.SendAsync("hello "u8.ToArray());
        await socket.SendAsync("stdin"u8.ToArray());
        socket.Shutdown(SocketShutdown.Send);

        var rest = await KestrelSocketHost.ReadToEndAsync(socket);
        Assert.Equal([.. Frame(1, "got:hello stdin"), .. Frame(2, "bye")], rest);
    }

    [Fact]
    public async Task An_upgrade_with_a_request_body_like_exec_start_still_gets_the_101()
    {
        using var socket = await _host.ConnectAsync();
        const string body = """{"Detach":false,"Tty":false}""";
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.41/probe/echo HTTP/1.1\r\nHost: docker\r\nContent-Length: " + body.Length +
            "\r\nConnection: Upgrade\r\nContent-Type: application/json\r\nUpgrade: tcp\r\n\r\n" + body));
        var head = await KestrelSocketHost.ReadExactlyAsync(socket, Upgraded.Length);
        Assert.Equal(Upgraded, Encoding.ASCII.GetString(head));
        socket.Shutdown(SocketShutdown.Send);
        var rest = await KestrelSocketHost.ReadToEndAsync(socket);
        Assert.Equal([.. Frame(1, "got:"), .. Frame(2, "bye")], rest);
    }

    [Fact]
    public async Task Without_upgrade_the_stream_follows_a_bare_200_and_ends_at_close()
    {
        using var socket = await _host.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.41/probe/echo HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n"));
        var head = await KestrelSocketHost.ReadExactlyAsync(socket, Plain.Length);
        Assert.Equal(Plain, Encoding.ASCII.GetString(head));
        await socket.SendAsync("x"u8.ToArray());
        socket.Shutdown(SocketShutdown.Send);
        var rest = await KestrelSocketHost.ReadToEndAsync(socket);
        Assert.Equal([.. Frame(1, "got:x"), .. Frame(2, "bye")], rest);
    }

    [Fact]
    public async Task Ordinary_requests_on_the_same_listener_are_untouched()
    {
        using var socket = await _host.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"));
        var text = Encoding.ASCII.GetString(await KestrelSocketHost.ReadToEndAsync(socket));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Api-Version: 1.41\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nOK", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_ends_with_a_close_when_the_client_never_half_closed()
    {
        using var socket = await _host.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.41/probe/emit HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
        var all = Encoding.ASCII.GetString(await KestrelSocketHost.ReadToEndAsync(socket));
        Assert.Equal(Upgraded + "line 1\r\nline 2\r\n", all);
    }

    [Fact]
    public async Task A_client_that_hangs_up_stops_the_writer()
    {
        var socket = await _host.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.41/probe/flood HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
        await KestrelSocketHost.ReadExactlyAsync(socket, Upgraded.Length + 100);
        socket.Dispose();
        Assert.True(await _floodEnded.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("Upgrade", "tcp", true)]
    [InlineData("keep-alive, upgrade", "TCP", true)]
    [InlineData(null, "tcp", false)]
    [InlineData("Upgrade", null, false)]
    [InlineData("Upgrade", "websocket", false)]
    public void Upgrade_is_recognised_only_for_connection_upgrade_with_tcp(string? connection, string? upgrade, bool wanted)
    {
        var http = new DefaultHttpContext();
        if (connection is not null) http.Request.Headers.Connection = connection;
        if (upgrade is not null) http.Request.Headers.Upgrade = upgrade;
        Assert.Equal(wanted, Hijack.WantsUpgrade(http.Request));
    }
}
