using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Daemon.Tests.EndToEnd;

/// <summary>The real wharfd binary: listens on a unix socket with mode 0660, answers HTTP, stops cleanly on SIGTERM.</summary>
public sealed class DaemonProcessTests
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serves_on_the_socket_and_exits_0_on_sigterm_removing_socket_and_pidfile()
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(dir);
        await daemon.WaitReadyAsync(StartTimeout);

        Assert.Equal(SocketPermissionsMode, File.GetUnixFileMode(daemon.SocketPath));
        Assert.Equal(daemon.Pid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(DaemonProcess.PidfilePath(dir)));
        Assert.True(File.Exists(Path.Combine(dir.Path, "data", "wharf.db")), "the database is created before the socket opens");

        Assert.True(File.Exists(Path.Combine(dir.Path, "data", "engine-id")), "engine services are initialised before the socket opens");

        using (var client = daemon.CreateClient())
        {
            using (var ping = await client.GetAsync(new Uri("/_ping", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
                Assert.Equal(HttpVersion.Version11, ping.Version);
                Assert.Equal("OK", await ping.Content.ReadAsStringAsync());
                Assert.DoesNotContain(ping.Headers.Server, p => p.Product?.Name == "Kestrel");
            }
            // /info proves the composition: server -> SystemService -> HostInfo, ImageService and the daemon's options.
            using var info = await client.GetAsync(new Uri("/v1.41/info", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            using var json = System.Text.Json.JsonDocument.Parse(await info.Content.ReadAsStringAsync());
            Assert.Equal(Path.Combine(dir.Path, "data"), json.RootElement.GetProperty("DockerRootDir").GetString());
            Assert.Equal("overlay2", json.RootElement.GetProperty("Driver").GetString());
        }

        daemon.Signal(DaemonProcess.SigTerm);
        Assert.Equal(0, await daemon.WaitExitAsync(ExitTimeout));
        Assert.False(File.Exists(daemon.SocketPath), "socket removed");
        Assert.False(File.Exists(DaemonProcess.PidfilePath(dir)), "pidfile removed");
        Assert.Contains("Daemon shutdown complete", daemon.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DaemonProcess.SigInt)]
    [InlineData(DaemonProcess.SigTerm)]
    public async Task Both_stop_signals_shut_down_cleanly(int signal)
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(dir);
        await daemon.WaitReadyAsync(StartTimeout);
        daemon.Signal(signal);
        Assert.Equal(0, await daemon.WaitExitAsync(ExitTimeout));
        Assert.False(File.Exists(daemon.SocketPath), "socket removed");
        Assert.False(File.Exists(DaemonProcess.PidfilePath(dir)), "pidfile removed");
    }

    [Fact]
    public async Task Sigint_stops_a_daemon_started_with_it_ignored_as_dockerd_does()
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(dir, sigintIgnored: true);
        await daemon.WaitReadyAsync(StartTimeout);
        daemon.Signal(DaemonProcess.SigInt);
        Assert.Equal(0, await daemon.WaitExitAsync(ExitTimeout));
        Assert.False(File.Exists(daemon.SocketPath), "socket removed");
    }

    [Fact]
    public async Task An_open_event_stream_does_not_hold_the_daemon_past_the_shutdown_timeout()
    {
        using var dir = new TempDirectory();
        await using var daemon = DaemonProcess.Start(dir);
        await daemon.WaitReadyAsync(StartTimeout);
        using var client = daemon.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var events = await client.GetAsync(new Uri("/v1.41/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        await using var body = await events.Content.ReadAsStreamAsync();
        var drained = DrainAsync(body);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        daemon.Signal(DaemonProcess.SigTerm);
        Assert.Equal(0, await daemon.WaitExitAsync(ExitTimeout));
        Assert.True(stopwatch.Elapsed < Daemon.Hosting.DaemonHost.ShutdownTimeout + TimeSpan.FromSeconds(10), $"shutdown took {stopwatch.Elapsed}");
        await drained.WaitAsync(TimeSpan.FromSeconds(10)); // the stream ended (cleanly or aborted) when the daemon left
    }

    static async Task DrainAsync(Stream body)
    {
        var buffer = new byte[4096];
        try
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
            // aborted by the daemon's shutdown: also an end
        }
        catch (HttpRequestException)
        {
        }
    }

    [Fact]
    public async Task A_socket_someone_still_serves_is_left_alone()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("run", "wharf.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(path));
        other.Listen();

        await using var daemon = DaemonProcess.Start(dir);
        Assert.Equal(1, await daemon.WaitExitAsync(StartTimeout));
        Assert.Contains($"failed to start daemon: cannot listen on unix://{path}: another daemon is serving {path}", daemon.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(DaemonProcess.PidfilePath(dir)), "pidfile removed after the failed start");
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_pidfile_refuses_to_start()
    {
        using var dir = new TempDirectory();
        await using var first = DaemonProcess.Start(dir, "first.sock");
        await first.WaitReadyAsync(StartTimeout);

        await using var second = DaemonProcess.Start(dir, "second.sock");
        Assert.Equal(1, await second.WaitExitAsync(StartTimeout));
        var pidfile = DaemonProcess.PidfilePath(dir);
        Assert.Equal($"failed to start daemon: pid file found, ensure wharfd is not running or delete {pidfile}", second.Stderr.Trim());
        Assert.False(File.Exists(second.SocketPath));

        Assert.False(first.HasExited);
        Assert.Equal(first.Pid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(pidfile));
        first.Signal(DaemonProcess.SigTerm);
        Assert.Equal(0, await first.WaitExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task A_stale_socket_and_pidfile_left_by_a_killed_daemon_do_not_block_a_restart()
    {
        using var dir = new TempDirectory();
        await using (var crashed = DaemonProcess.Start(dir))
        {
            await crashed.WaitReadyAsync(StartTimeout);
            crashed.Signal(9); // SIGKILL: no cleanup at all
            await crashed.WaitExitAsync(ExitTimeout);
        }
        Assert.True(File.Exists(DaemonProcess.PidfilePath(dir)));

        await using var restarted = DaemonProcess.Start(dir);
        await restarted.WaitReadyAsync(StartTimeout);
        restarted.Signal(DaemonProcess.SigTerm);
        Assert.Equal(0, await restarted.WaitExitAsync(ExitTimeout));
    }

    const UnixFileMode SocketPermissionsMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
}
