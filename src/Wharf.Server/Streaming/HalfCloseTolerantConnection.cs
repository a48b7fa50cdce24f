using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Wharf.Server.Streaming;

/// <summary>
/// Kestrel treats a client's FIN as a hang-up: it aborts the response and cancels RequestAborted. That is right for
/// ordinary requests (a client leaving a pending <c>wait</c> or <c>/events</c> closes the same way), and wrong for
/// hijacked attach/exec streams, where clients half-close as soon as their stdin ends and keep reading. This wrapper
/// forwards the connection-closed signal until <see cref="Hijack"/> takes the connection over; after that the
/// hijacked stream decides when the connection is done.
/// </summary>
internal sealed class HalfCloseTolerantConnection : ConnectionContext, IHijackLifetimeFeature
{
    readonly ConnectionContext _inner;
    readonly CancellationTokenSource _closed = new();
    readonly CancellationTokenRegistration _forward;
    volatile bool _hijacked;

    public HalfCloseTolerantConnection(ConnectionContext inner)
    {
        _inner = inner;
        _inner.Features.Set<IHijackLifetimeFeature>(this);
        _forward = inner.ConnectionClosed.Register(static state =>
        {
            var self = (HalfCloseTolerantConnection)state!;
            if (!self._hijacked) self.CloseNow();
        }, this);
    }

    public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }
    public override IFeatureCollection Features => _inner.Features;
    public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }
    public override IDuplexPipe Transport { get => _inner.Transport; set => _inner.Transport = value; }
    public override CancellationToken ConnectionClosed { get => _closed.Token; set => throw new NotSupportedException(); }
    public override System.Net.EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }
    public override System.Net.EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }

    public CancellationToken TransportClosed => _inner.ConnectionClosed;

    public void MarkHijacked() => _hijacked = true;

    public void CloseNow()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }
    }

    public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

    /// <summary>Releases the wrapper only; the transport connection belongs to Kestrel.</summary>
    public override async ValueTask DisposeAsync()
    {
        await _forward.DisposeAsync();
        _closed.Dispose();
    }
}

/// <summary>Lets a hijacked request take over the connection's lifetime from the HTTP layer.</summary>
internal interface IHijackLifetimeFeature
{
    /// <summary>Fires when the transport saw the client's FIN or the connection ended.</summary>
    CancellationToken TransportClosed { get; }

    /// <summary>From now on a FIN from the client no longer aborts the request.</summary>
    void MarkHijacked();

    /// <summary>Tells the HTTP layer the connection is finished (it then writes nothing more and cancels RequestAborted).</summary>
    void CloseNow();
}
