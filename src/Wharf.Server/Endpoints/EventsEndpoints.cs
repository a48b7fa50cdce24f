using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Events;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Streaming;

namespace Wharf.Server.Endpoints;

/// <summary><c>GET /events</c>: headers at once, then one JSON event + <c>\n</c> per flush until <c>until</c> or the client leaves.</summary>
internal static class EventsEndpoints
{
    const string LogCategory = "Wharf.Server.Events";

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/events", StreamAsync);

    static async Task StreamAsync(HttpContext http, IEventService events, ILoggerFactory logs, IHostApplicationLifetime lifetime,
                                  CancellationToken requestAborted)
    {
        // A daemon that stops ends open event streams at once instead of waiting out its shutdown timeout.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var ct = linked.Token;
        var query = EventMapping.ToQuery(http.Request);
        await using var e = events.SubscribeAsync(query, ct).GetAsyncEnumerator(ct);

        // The bus validates filters before its first await, so a bad filter faults this call synchronously
        // and is still a real HTTP error; otherwise the headers must go out before the first event exists.
        var first = e.MoveNextAsync();
        bool? ready = first.IsCompleted ? await first : null;
        await JsonLines.StartAsync(http.Response, ct);

        var type = WireJson.Context.EventMessage;
        try
        {
            var more = ready ?? await first;
            while (more)
            {
                if (!await JsonLines.WriteAsync(http.Response, EventMapping.ToMessage(e.Current), type, crlf: false, ct)) return;
                more = await e.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the stream ends cleanly with its terminating chunk.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status line is sent; ending the stream is all a client can be told.
            ServerLog.StreamFailed(logs.CreateLogger(LogCategory), http.Request.Method, http.Request.Path, ex.Message);
        }
    }
}
