using System.Net.Sockets;
using System.Text;
using Wharf.Client;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

/// <summary>The libc unix socket: answers read on the calling thread, waits handed to a Socket, writes and errors in NetworkStream's shapes.</summary>
public sealed class UnixSocketStreamTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public UnixSocketStreamTests()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
    }

    string SocketPath => Path.Combine(_dir.Path, "s.sock");

    public void Dispose()
    {
        _listener.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_due_answer_is_read_on_the_calling_thread_without_a_socket()
    {
        using var stream = UnixSocketStream.Connect(SocketPath);
        using var peer = await _listener.AcceptAsync();
        await stream.WriteAsync("ping"u8.ToArray());
        var request = new byte[4];
        Assert.Equal(4, await peer.ReceiveAsync(request));
        // The daemon answers a moment later: within the wait, so the read completes on this thread.
        var answering = Task.Run(async () =>
        {
            await Task.Delay(5);
            await peer.SendAsync("pong"u8.ToArray());
        });
        var buffer = new byte[16];
        var read = stream.ReadAsync(buffer, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(read.IsCompleted);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, await read));
        Assert.False(stream.HandedToSocket);
        await answering;
    }

    [Fact]
    public async Task A_read_that_must_wait_goes_to_a_socket_and_can_be_cancelled_or_answered()
    {
        using var stream = UnixSocketStream.Connect(SocketPath);
        using var peer = await _listener.AcceptAsync();
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource();
        var waiting = stream.ReadAsync(buffer, cts.Token).AsTask();
        Assert.True(stream.HandedToSocket);
        Assert.False(waiting.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var next = stream.ReadAsync(buffer).AsTask();
        await peer.SendAsync("late"u8.ToArray());
        Assert.Equal("late", Encoding.ASCII.GetString(buffer, 0, await next.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Writes_larger_than_the_socket_buffer_go_on_after_the_hand_over()
    {
        using var stream = UnixSocketStream.Connect(SocketPath);
        using var peer = await _listener.AcceptAsync();
        _ = stream.ReadAsync(new byte[1]).AsTask();
        Assert.True(stream.HandedToSocket);
        var payload = new byte[4 << 20];
        Random.Shared.NextBytes(payload);
        var received = new MemoryStream();
        var reading = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            while (received.Length < payload.Length)
            {
                var n = await peer.ReceiveAsync(chunk);
                if (n == 0) break;
                received.Write(chunk, 0, n);
            }
        });
        await Task.Run(() => stream.Write(payload));
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task Shutting_down_our_side_ends_the_peers_reads_while_ours_go_on()
    {
        using var stream = UnixSocketStream.Connect(SocketPath);
        using var peer = await _listener.AcceptAsync();
        stream.ShutdownWrite();
        Assert.Equal(0, await peer.ReceiveAsync(new byte[8]));
        await peer.SendAsync("after"u8.ToArray());
        var buffer = new byte[8];
        Assert.Equal("after", Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer, TimeSpan.FromSeconds(5), CancellationToken.None)));
    }

    [Fact]
    public void Connect_failures_are_socket_exceptions_as_the_runtimes_are()
    {
        var missing = Assert.Throws<SocketException>(() => UnixSocketStream.Connect(Path.Combine(_dir.Path, "none.sock")));
        Assert.Equal(SocketError.AddressNotAvailable, missing.SocketErrorCode);

        // Bound but not listening, as a daemon's socket file is when nothing listens on it.
        var stale = Path.Combine(_dir.Path, "stale.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(stale));
        var refused = Assert.Throws<SocketException>(() => UnixSocketStream.Connect(stale));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        Assert.Throws<ArgumentOutOfRangeException>(() => UnixSocketStream.Connect("/" + new string('x', 200)));
    }

    [Fact]
    public async Task A_reset_reads_as_networkstreams_io_exception()
    {
        using var stream = UnixSocketStream.Connect(SocketPath);
        var peer = await _listener.AcceptAsync();
        // Closing with our bytes unread resets the connection.
        await stream.WriteAsync("unread"u8.ToArray());
        await Task.Delay(50);
        peer.Dispose();
        var e = await Assert.ThrowsAsync<IOException>(async () => await stream.ReadAsync(new byte[8], TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
    }
}
