using System.Security.Authentication;

namespace Wharf.Client;

/// <summary>
/// HTTP/1.1 to the daemon over connections that <paramref name="dialer"/> opens, in place of SocketsHttpHandler: the CLI
/// is a process that makes one or two requests, and starting SocketsHttpHandler's machinery (its pools, their
/// scavenging timer and thread, its header tables) cost about 0.5 ms of a 5 ms command, and linking it a large part of
/// the binary's start-up. Idle connections are kept and reused, as the Go client does; one found dead (the daemon
/// restarted) before any byte of an answer is replaced by a fresh one when the request can be sent again.
/// </summary>
internal sealed class Http1Handler(DaemonDialer dialer) : HttpMessageHandler
{
    /// <summary>Older idle connections are closed rather than reused, as SocketsHttpHandler's idle timeout did.</summary>
    const long IdleLimitMs = 30_000;

    readonly Stack<(Http1Connection Connection, long Since)> _idle = new();
    bool _disposed;

    /// <summary>The Host header of every request.</summary>
    public string Host => dialer.Host;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        while (TakeIdle() is { } idle)
        {
            try
            {
                return await idle.SendAsync(request, cancellationToken);
            }
            catch (StaleConnectionException) when (request.Content is null or ByteArrayContent)
            {
                // Closed by the daemon while idle: nothing of the request was taken, so it goes again on another.
            }
            catch (StaleConnectionException e)
            {
                throw Unanswered(e);
            }
        }
        Stream stream;
        try
        {
            stream = await dialer.DialAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // SocketsHttpHandler's shape, which the CLI's messages read (refused, missing socket, TLS, timeout, ssh).
            var kind = e is AuthenticationException ? HttpRequestError.SecureConnectionError : HttpRequestError.ConnectionError;
            throw new HttpRequestException(kind, $"{e.Message} ({Host})", e);
        }
        try
        {
            return await new Http1Connection(stream, Host, Release).SendAsync(request, cancellationToken);
        }
        catch (StaleConnectionException e)
        {
            throw Unanswered(e);
        }
    }

    /// <summary>What a connection that closed before answering becomes: SocketsHttpHandler's "response ended".</summary>
    internal static HttpRequestException Unanswered(StaleConnectionException e)
        => new(HttpRequestError.ResponseEnded, "the daemon closed the connection without answering", e.InnerException);

    /// <summary>Takes back a connection whose last answer was read to its end, for the next request.</summary>
    void Release(Http1Connection connection)
    {
        lock (_idle)
        {
            if (!_disposed)
            {
                _idle.Push((connection, Environment.TickCount64));
                return;
            }
        }
        connection.Dispose();
    }

    Http1Connection? TakeIdle()
    {
        while (true)
        {
            (Http1Connection Connection, long Since) entry;
            lock (_idle)
            {
                if (!_idle.TryPop(out entry)) return null;
            }
            if (Environment.TickCount64 - entry.Since < IdleLimitMs) return entry.Connection;
            entry.Connection.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            List<(Http1Connection Connection, long)> idle;
            lock (_idle)
            {
                _disposed = true;
                idle = [.. _idle];
                _idle.Clear();
            }
            foreach (var (connection, _) in idle) connection.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A reused connection failed before the daemon answered a byte: the daemon closed it while it was idle.</summary>
internal sealed class StaleConnectionException(Exception? inner) : Exception("the connection was closed while idle", inner);
