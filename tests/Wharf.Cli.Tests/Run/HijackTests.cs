using System.Net.Sockets;
using System.Text;
using Wharf.Api;
using Wharf.Cli.Commands.Run;
using Wharf.Client;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Run;

/// <summary>
/// The client's hijack against a scripted daemon on a unix socket: the request bytes (Connection/Upgrade headers, the Go
/// client's query order), the 101 and plain-200 answers, output sent before and after the client's half-close, and an
/// error status turned into the daemon's message.
/// </summary>
public sealed class HijackTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly Socket _listener;

    public HijackTests()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
    }

    string SocketPath => Path.Combine(_dir.Path, "d.sock");

    public void Dispose()
    {
        _listener.Dispose();
        _dir.Dispose();
    }

    /// <summary>Accepts one connection, reads the request head (and body), runs <paramref name="serve"/>, closes; returns the head.</summary>
    async Task<string> ServeOnceAsync(Func<Socket, string, Task> serve)
    {
        using var connection = await _listener.AcceptAsync();
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await connection.ReceiveAsync(one) == 0) break;
            head.Append((char)one[0]);
        }
        await serve(connection, head.ToString());
        connection.Shutdown(SocketShutdown.Both);
        return head.ToString();
    }

    static async Task<string> ReadToEndAsync(Socket socket)
    {
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    static byte[] Frame(StdStream stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    [Fact]
    public async Task Attach_upgrades_sends_stdin_half_closes_and_reads_output_to_the_daemons_close()
    {
        string? stdinSeen = null;
        var server = ServeOnceAsync(async (socket, _) =>
        {
            await socket.SendAsync("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"u8.ToArray().Concat(Frame(StdStream.Stdout, "early\n")).ToArray());
            stdinSeen = await ReadToEndAsync(socket); // ends only when the client half-closes
            await socket.SendAsync(Frame(StdStream.Stderr, "after-eof\n"));
        });
        using var client = WharfClient.ForUnixSocket(SocketPath, ApiVersion.Current);
        using var stream = await client.Containers.AttachAsync("abc", stdin: true, stdout: true, stderr: true, detachKeys: "ctrl-x,x");
        Assert.True(stream.Upgraded);
        await stream.WriteAsync("typed input"u8.ToArray());
        await stream.CloseWriteAsync();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await Multiplexed.CopyAsync(stream, stdout, stderr);
        var head = await server;

        Assert.Equal("early\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("after-eof\n", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal("typed input", stdinSeen);
        Assert.StartsWith($"POST /v{ApiVersion.Current}/containers/abc/attach?detachKeys=ctrl-x%2Cx&stderr=1&stdin=1&stdout=1&stream=1 HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: api.moby.localhost\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: Upgrade\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nUpgrade: tcp\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 0\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_start_sends_its_json_and_accepts_an_old_daemons_plain_200()
    {
        string? body = null;
        var server = ServeOnceAsync(async (socket, head) =>
        {
            var length = int.Parse(head.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var bytes = new byte[length];
            for (var read = 0; read < length;) read += await socket.ReceiveAsync(bytes.AsMemory(read));
            body = Encoding.UTF8.GetString(bytes);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nraw tty bytes\r\n"u8.ToArray());
        });
        using var client = WharfClient.ForUnixSocket(SocketPath, ApiVersion.Current);
        using var stream = await client.Exec.StartAsync("e1", tty: true);
        Assert.False(stream.Upgraded);
        var output = await new StreamReader(stream).ReadToEndAsync();
        var head = await server;
        Assert.Equal("raw tty bytes\r\n", output);
        Assert.Equal("{\"Detach\":false,\"Tty\":true,\"ConsoleSize\":null}", body);
        Assert.StartsWith($"POST /v{ApiVersion.Current}/exec/e1/start HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/json\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detach_keys_end_a_tty_session_and_never_reach_the_daemon()
    {
        var stdinSeen = new TaskCompletionSource<string>();
        var server = ServeOnceAsync(async (socket, _) =>
        {
            await socket.SendAsync("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nprompt$ "u8.ToArray());
            stdinSeen.SetResult(await ReadToEndAsync(socket)); // the client closes the connection when it detaches
        });
        using var client = WharfClient.ForUnixSocket(SocketPath, ApiVersion.Current);
        var stdout = new MemoryStream();
        SessionEnd end;
        using (var stream = await client.Containers.AttachAsync("tty1", stdin: true, stdout: true, stderr: true))
        {
            var keys = new DetachKeys(DetachKeys.TryParse("ctrl-a,d", out _)!);
            var stdin = new MemoryStream([.. "ls\r"u8, 0x01, (byte)'x', 0x01, (byte)'d', .. "never sent"u8]);
            end = await HijackedIO.RunAsync(stream, stdin, stdout, Stream.Null, tty: true, keys, CancellationToken.None);
        }
        await server;
        Assert.Equal(SessionEnd.Detached, end);
        Assert.Equal("ls\r\u0001x", await stdinSeen.Task);
    }

    [Fact]
    public async Task An_error_status_is_the_daemons_message()
    {
        var server = ServeOnceAsync(async (socket, _) =>
        {
            const string json = "{\"message\":\"No such container: nope\"}";
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {json.Length}\r\n\r\n{json}"));
        });
        using var client = WharfClient.ForUnixSocket(SocketPath, ApiVersion.Current);
        var error = await Assert.ThrowsAsync<WharfApiException>(() => client.Containers.AttachAsync("nope", false, true, true));
        await server;
        Assert.Equal((404, "No such container: nope"), (error.StatusCode, error.Message));
    }
}
