using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>
/// The unreachable-daemon messages from the real binary, one per cause: missing socket, permission denied as an
/// unprivileged user, TCP refused, TCP timeout, a TLS handshake with a daemon that does not speak TLS, and an API
/// version either side refuses. Everything listens on loopback or a temp socket and is closed by the test.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreachableDaemonTests
{
    static string WharfDll => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    [Fact]
    public async Task A_missing_socket_names_the_socket_and_asks_whether_the_daemon_runs()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "wharf.sock");
        var result = await ProcessRunner.RunAsync("dotnet", [WharfDll, "images"], new Dictionary<string, string?> { ["WHARF_HOST"] = $"unix://{socket}", ["DOCKER_HOST"] = null });
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{socket}. Is the daemon running?\n", result.Stderr);
    }

    [RootFact]
    public async Task Permission_denied_names_the_socket_its_owner_and_group_and_the_way_in()
    {
        using var dir = new TempDirectory();
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var socketPath = Path.Combine(dir.Path, "wharf.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

        var result = await ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", "dotnet", WharfDll, "-H", $"unix://{socketPath}", "images"],
            new Dictionary<string, string?> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp", ["DOTNET_NOLOGO"] = "1" });
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"permission denied while trying to connect to the Wharf daemon socket at unix://{socketPath} (owned by root:root, mode 0660). "
            + "Add your user to the 'root' group (sudo usermod -aG root $USER, then log in again) or run the command with sudo.\n", result.Stderr);
    }

    static Task<ProcessResult> WharfAsync(params string[] args)
        => ProcessRunner.RunAsync("dotnet", [WharfDll, .. args], new Dictionary<string, string?> { ["WHARF_HOST"] = null, ["DOCKER_HOST"] = null, ["WHARF_CONTEXT"] = null, ["DOCKER_CONTEXT"] = null });

    [Fact]
    public async Task A_refused_tcp_port_is_named_with_the_address()
    {
        // A port that was just free: bound, noted, closed, so nothing listens there.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var result = await WharfAsync("-H", $"tcp://127.0.0.1:{port}", "images");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Cannot connect to the Wharf daemon at tcp://127.0.0.1:{port}: connection refused. Is the daemon running and listening on 127.0.0.1:{port}?\n", result.Stderr);
    }

    [Fact]
    public async Task A_tcp_connection_that_never_completes_times_out()
    {
        // A listener that never accepts, its backlog filled: Linux drops further SYNs, so wharf's connect hangs until its timeout.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try { filler.Connect(IPAddress.Loopback, port); }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress) { }
            }
            var result = await WharfAsync("-H", $"tcp://127.0.0.1:{port}", "version", "--format", "{{.Server.Version}}");
            Assert.Equal(1, result.ExitCode);
            Assert.EndsWith($"Cannot connect to the Wharf daemon at tcp://127.0.0.1:{port}: the connection timed out. Is the host reachable and the port open?\n", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var f in fillers) f.Dispose();
        }
    }

    [Fact]
    public async Task A_tls_handshake_with_a_plain_http_daemon_says_which_side_ended_it()
    {
        // A daemon that answers in plain HTTP: the client's TLS hello gets text back, so the handshake fails on the daemon's side.
        using var server = RawDaemon.StartTcp(_ => "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var result = await WharfAsync("-H", $"tcp://127.0.0.1:{server.Port}", "--tls", "images");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"TLS handshake with the Wharf daemon at tcp://127.0.0.1:{server.Port} failed: the daemon ended the handshake (", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("). Does it require a client certificate (--tlscert/--tlskey), or is it not speaking TLS?\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_older_than_our_minimum_api_is_refused_in_dockerds_words()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "old.sock");
        // As dockerd 1.12 answered: its version on the ping, and a 400 for a path under a newer version than its own.
        const string tooNew = """{"message":"client version 1.41 is too new. Maximum supported API version is 1.12"}""";
        using var server = RawDaemon.StartUnix(socket, request => request.StartsWith("HEAD /_ping", StringComparison.Ordinal)
            ? "HTTP/1.1 200 OK\r\nApi-Version: 1.12\r\nContent-Length: 0\r\n\r\n"
            : $"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {tooNew.Length}\r\n\r\n{tooNew}");
        var result = await WharfAsync("-H", $"unix://{socket}", "images");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error response from daemon: client version 1.24 is too new. Maximum supported API version is 1.12\n", result.Stderr);
    }

    [Fact]
    public async Task A_daemon_that_refuses_our_api_version_is_quoted()
    {
        // dockerd's answer when its minimum is above ours: a plain-text 400, printed as the docker CLI prints it.
        const string tooOld = "client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version";
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "new.sock");
        using var server = RawDaemon.StartUnix(socket, request => request.StartsWith("HEAD /_ping", StringComparison.Ordinal)
            ? "HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nContent-Length: 0\r\n\r\n"
            : $"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(tooOld + "\n")}\r\n\r\n{tooOld}\n");
        var result = await WharfAsync("-H", $"unix://{socket}", "images");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Error response from daemon: {tooOld}\n", result.Stderr);
    }

    /// <summary>
    /// A stand-in daemon for the unreachable-daemon tests: answers each request (read up to its blank line) with the text a
    /// function gives, one connection at a time, until disposed. Loopback or a temp unix socket only.
    /// </summary>
    sealed class RawDaemon : IDisposable
    {
        readonly Socket _listener;
        readonly CancellationTokenSource _stop = new();

        RawDaemon(Socket listener, Func<string, string> answer)
        {
            _listener = listener;
            _ = Task.Run(() => ServeAsync(answer, _stop.Token));
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public static RawDaemon StartTcp(Func<string, string> answer)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            return new RawDaemon(listener, answer);
        }

        public static RawDaemon StartUnix(string path, Func<string, string> answer)
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            return new RawDaemon(listener, answer);
        }

        async Task ServeAsync(Func<string, string> answer, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                Socket client;
                try { client = await _listener.AcceptAsync(ct); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                using (client)
                {
                    try
                    {
                        var buffer = new byte[8192];
                        var request = new StringBuilder();
                        while (true)
                        {
                            var n = await client.ReceiveAsync(buffer, ct);
                            if (n == 0) break;
                            request.Append(Encoding.Latin1.GetString(buffer, 0, n));
                            var text = request.ToString();
                            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                            // A TLS hello has no blank line: answer whatever came, as a plain-HTTP daemon would.
                            if (end < 0 && !text.StartsWith("HEAD", StringComparison.Ordinal) && !text.StartsWith("GET", StringComparison.Ordinal)
                                && !text.StartsWith("POST", StringComparison.Ordinal))
                            {
                                await client.SendAsync(Encoding.UTF8.GetBytes(answer(text)), ct);
                                break;
                            }
                            if (end < 0) continue;
                            await client.SendAsync(Encoding.UTF8.GetBytes(answer(text[..end])), ct);
                            request.Remove(0, end + 4);
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        // The client went away, or we are stopping.
                    }
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
