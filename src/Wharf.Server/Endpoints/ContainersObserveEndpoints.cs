using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine;
using Wharf.Engine.Containers.Observe;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Streaming;

namespace Wharf.Server.Endpoints;

/// <summary><c>/containers/{name}/top</c>, <c>/stats</c> (one sample or a stream) and <c>/export</c> (a tar stream).</summary>
internal static class ContainersObserveEndpoints
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/{name}/top", TopAsync);
        g.MapGet("/{name}/stats", StatsAsync);
        g.MapGet("/{name}/export", ExportAsync);
    }

    static async Task<IResult> TopAsync(string name, HttpContext http, [FromServices] IContainerObserver observer, CancellationToken ct) =>
        Json.Ok(ContainerViewMapping.ToTop(await observer.TopAsync(name, Query.String(http.Request, "ps_args"), ct)), WireJson.Context.ContainerTopResponse);

    /// <summary>
    /// One sample: a plain JSON answer once it is taken (about a second, for precpu). A stream: headers at once, no
    /// Content-Type (as dockerd at 1.41), then one <c>\n</c>-terminated sample per flush until the client goes or the
    /// container stops.
    /// </summary>
    static async Task StatsAsync(string name, HttpContext http, [FromServices] IContainerObserver observer, CancellationToken ct)
    {
        var request = http.Request;
        // Missing or empty: dockerd's defaults, stream on and one-shot off.
        var stream = Query.String(request, "stream") is not { } s || Query.ParseBool(s);
        var oneShot = Query.String(request, "one-shot") is { } o && Query.ParseBool(o);
        if (stream && oneShot) throw EngineException.Invalid("cannot have stream=true and one-shot=true");
        var feed = await observer.StatsAsync(name, new StatsRequest(stream, oneShot), ct);
        var id = feed.Id.Value;
        if (!stream)
        {
            await foreach (var sample in feed.Samples.WithCancellation(ct))
            {
                await Json.Ok(ContainerStatsMapping.ToStats(sample, feed.Name, id), WireJson.Context.ContainerStats).ExecuteAsync(http);
                return;
            }
            return;
        }
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        await response.StartAsync(ct);
        await response.BodyWriter.FlushAsync(ct);
        try
        {
            await foreach (var sample in feed.Samples.WithCancellation(ct))
                if (!await JsonLines.WriteAsync(response, ContainerStatsMapping.ToStats(sample, feed.Name, id), WireJson.Context.ContainerStats, crlf: false, ct)) return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
    }

    /// <summary>The whole filesystem as tar, streamed entry by entry; what was mounted for it is released however the request ends.</summary>
    static async Task ExportAsync(string name, HttpContext http, [FromServices] IContainerObserver observer, CancellationToken ct)
    {
        await using var export = await observer.ExportAsync(name, ct);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        await response.StartAsync(ct);
        try
        {
            await export.WriteToAsync(response.Body, ct);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away mid-stream; the mount is released by the using.
        }
    }
}
