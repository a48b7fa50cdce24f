using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Streaming;

/// <summary>
/// The two directions of an attach or exec-start connection after <see cref="Hijack.AcceptAsync"/>.
/// <see cref="Input"/> carries the client's raw stdin; a completed read is the client's half-close (not a hang-up:
/// keep writing). <see cref="Output"/> carries the stream to the client. Disposing flushes what is left and closes the
/// connection, which is how the client learns the stream ended.
/// </summary>
internal sealed class HijackedConnection : IAsyncDisposable
{
    static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    readonly HttpContext _http;
    readonly bool _raw;
    readonly IHijackLifetimeFeature? _lifetime;
    bool _disposed;

    HijackedConnection(HttpContext http, PipeReader input, PipeWriter output, bool raw, IHijackLifetimeFeature? lifetime, bool upgraded)
    {
        _http = http;
        _lifetime = lifetime;
        Input = input;
        Output = output;
        _raw = raw;
        Upgraded = upgraded;
    }

    /// <summary>stdin from the client; <c>ReadResult.IsCompleted</c> means the client shut down its write side.</summary>
    public PipeReader Input { get; }

    /// <summary>The stream to the client: raw bytes, or frames written with <see cref="MuxFrame"/>.</summary>
    public PipeWriter Output { get; }

    /// <summary>True when the client got a 101 (it asked to upgrade); false for the plain 200 fallback.</summary>
    public bool Upgraded { get; }

    /// <summary>
    /// Fires when the connection is torn down. After a half-close the client's final departure is only seen by
    /// writing: a flush then reports <c>IsCompleted</c>.
    /// </summary>
    public CancellationToken Closed => _http.RequestAborted;

    internal static HijackedConnection OverTransport(HttpContext http, IDuplexPipe transport, IHijackLifetimeFeature? lifetime, bool upgraded) =>
        new(http, transport.Input, transport.Output, raw: true, lifetime, upgraded);

    internal static HijackedConnection OverResponse(HttpContext http, PipeReader input, PipeWriter output) =>
        new(http, input, output, raw: false, lifetime: null, upgraded: false);

    /// <summary>Ends the stream: flushes, closes the connection and waits (briefly) until the server let go of it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_raw)
        {
            await Output.FlushAsync(CancellationToken.None);
            return;
        }
        // Completing the transport's writer makes the transport send what is buffered, then close the socket. Only
        // then may the HTTP layer hear that the connection is over (it aborts, which would drop unsent bytes); after
        // that it cancels RequestAborted and writes no response of its own.
        await Output.CompleteAsync();
        var deadline = DateTime.UtcNow + CloseGrace;
        var transportClosed = _lifetime?.TransportClosed ?? _http.RequestAborted;
        if (!transportClosed.IsCancellationRequested)
        {
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (transportClosed.Register(() => gone.TrySetResult()))
                await Task.WhenAny(gone.Task, Task.Delay(CloseGrace));
        }
        // A client that half-closed earlier already fired that signal; the socket itself tells when sending ended.
        var socket = _http.Features.Get<IConnectionSocketFeature>()?.Socket;
        while (socket is not null && !socket.SafeHandle.IsClosed && DateTime.UtcNow < deadline)
            await Task.Delay(PollInterval);
        _lifetime?.CloseNow();
        _http.Abort();
    }
}
