using System.Net.Sockets;
using System.Text;
using Wharf.Cli.Hosts;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Remote;

/// <summary>
/// <c>system dial-stdio</c> against a stand-in daemon on a temp unix socket: stdin reaches the socket and its end is a
/// half-close the daemon sees; the daemon's bytes reach stdout; the daemon's end ends the command even while stdin stays open.
/// </summary>
public sealed class DialStdioTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    async Task<(int Code, string Out, string Err)> RunAsync(string socket, Stream stdin)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        using var cli = new CliContext(output, error, _ => null, new ContextStore(_dir.Path))
        {
            OpenStdin = () => stdin,
            OpenStdout = () => stdout,
        };
        var code = await CliApp.RunAsync(cli, ["-H", $"unix://{socket}", "system", "dial-stdio"], CancellationToken.None);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), error.ToString());
    }

    Socket Listen(string name)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(_dir.Path, name)));
        listener.Listen();
        return listener;
    }

    [Fact]
    public async Task Stdin_goes_to_the_daemon_its_end_half_closes_and_the_answer_comes_back()
    {
        using var listener = Listen("d.sock");
        var daemon = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var received = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            // Reading to the end needs the relay's half-close; then the answer goes back on the same connection.
            while ((n = await peer.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
            await peer.SendAsync(Encoding.UTF8.GetBytes("got:" + Encoding.UTF8.GetString(received.ToArray())));
            peer.Shutdown(SocketShutdown.Send);
        });
        var result = await RunAsync(Path.Combine(_dir.Path, "d.sock"), new MemoryStream("GET /_ping HTTP/1.1\r\n\r\n"u8.ToArray()));
        await daemon;
        Assert.True(result.Code == 0, result.Err);
        Assert.Equal("got:GET /_ping HTTP/1.1\r\n\r\n", result.Out);
    }

    [Fact]
    public async Task The_daemon_closing_ends_the_relay_while_stdin_is_still_open()
    {
        using var listener = Listen("d.sock");
        var daemon = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await peer.SendAsync("bye"u8.ToArray());
        });
        using var stdin = new OpenForeverStream();
        var run = RunAsync(Path.Combine(_dir.Path, "d.sock"), stdin);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))));
        await daemon;
        Assert.Equal((0, "bye"), ((await run).Code, (await run).Out));
    }

    [Fact]
    public async Task A_daemon_that_is_not_there_is_the_usual_message()
    {
        var socket = Path.Combine(_dir.Path, "none.sock");
        var result = await RunAsync(socket, new MemoryStream());
        Assert.Equal((1, $"Cannot connect to the Wharf daemon at unix://{socket}. Is the daemon running?\n"), (result.Code, result.Err));
    }

    /// <summary>A stdin that never ends (a terminal's), until disposed.</summary>
    sealed class OpenForeverStream : Stream
    {
        readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _closed.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
