using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Containers;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary>
/// <c>/containers</c>: create, list, inspect, changes, lifecycle, update, rename, remove, prune, resize. Streaming routes (attach,
/// logs, wait) are in <see cref="ContainersStreamingEndpoints"/>; top, stats and export in <see cref="ContainersObserveEndpoints"/>.
/// Routes not served yet (archive) fall through to the 501 row.
/// </summary>
internal static class ContainersEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/containers");
        g.MapPost("/create", CreateAsync);
        g.MapGet("/json", ListAsync);
        g.MapPost("/prune", PruneAsync);
        g.MapGet("/{name}/json", InspectAsync);
        g.MapGet("/{name}/changes", ChangesAsync);
        g.MapPost("/{name}/start", StartAsync);
        g.MapPost("/{name}/stop", StopAsync);
        g.MapPost("/{name}/restart", RestartAsync);
        g.MapPost("/{name}/kill", KillAsync);
        g.MapPost("/{name}/pause", PauseAsync);
        g.MapPost("/{name}/unpause", UnpauseAsync);
        g.MapPost("/{name}/rename", RenameAsync);
        g.MapPost("/{name}/resize", ResizeAsync);
        g.MapPost("/{name}/update", UpdateAsync);
        g.MapDelete("/{name}", RemoveAsync);
        ContainersStreamingEndpoints.Map(g);
        ContainersObserveEndpoints.Map(g);
    }

    static async Task<IResult> CreateAsync(HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var spec = await ContainerCreateMapping.ReadAsync(http.Request, ct);
        var result = await containers.CreateAsync(spec, ct);
        return Json.Status(new ContainerCreateResponse(result.Id.Value, result.Warnings), WireJson.Context.ContainerCreateResponse, StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var request = new ContainerListRequest
        {
            All = Query.Bool(http.Request, "all"),
            Limit = Int(http.Request, "limit") ?? 0,
            Size = Query.Bool(http.Request, "size"),
            Filters = FilterMapping.FromQuery(http.Request),
        };
        var list = await containers.ListAsync(request, ct);
        return Json.Ok(ContainerViewMapping.ToSummaries(list), WireJson.Context.ContainerSummaryArray);
    }

    static async Task<IResult> InspectAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct) =>
        Json.Ok(ContainerViewMapping.ToInspect(await containers.InspectAsync(name, Query.Bool(http.Request, "size"), ct)), WireJson.Context.ContainerInspect);

    static async Task<IResult> ChangesAsync(string name, [FromServices] IContainerService containers, CancellationToken ct) =>
        Json.Ok(ContainerViewMapping.ToChanges(await containers.ChangesAsync(name, ct)), WireJson.Context.ContainerChangeResponseItemArray);

    static async Task<IResult> StartAsync(string name, [FromServices] IContainerService containers, CancellationToken ct) =>
        await containers.StartAsync(name, ct) == StartOutcome.AlreadyRunning ? NotModified() : Results.NoContent();

    static async Task<IResult> StopAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var request = new StopRequest(Int(http.Request, "t"), Query.String(http.Request, "signal"));
        return await containers.StopAsync(name, request, ct) == StopOutcome.AlreadyStopped ? NotModified() : Results.NoContent();
    }

    static async Task<IResult> RestartAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.RestartAsync(name, Int(http.Request, "t"), ct);
        return Results.NoContent();
    }

    static async Task<IResult> KillAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.KillAsync(name, Query.String(http.Request, "signal"), ct);
        return Results.NoContent();
    }

    static async Task<IResult> PauseAsync(string name, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.PauseAsync(name, ct);
        return Results.NoContent();
    }

    static async Task<IResult> UnpauseAsync(string name, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.UnpauseAsync(name, ct);
        return Results.NoContent();
    }

    static async Task<IResult> RenameAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.RenameAsync(name, Query.String(http.Request, "name") ?? "", ct);
        return Results.NoContent();
    }

    /// <summary>The CLI sends this right after start for <c>-t</c>; dockerd answers 200 with an empty body.</summary>
    static async Task<IResult> ResizeAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.ResizeAsync(name, Size(http.Request), ct);
        return Results.Ok();
    }

    static async Task<IResult> UpdateAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.ContainerUpdateRequest, ct) ?? new ContainerUpdateRequest();
        var warnings = await containers.UpdateAsync(name, ContainerViewMapping.ToUpdate(body), ct);
        return Json.Ok(new ContainerUpdateResponse(warnings.Count == 0 ? null : warnings), WireJson.Context.ContainerUpdateResponse);
    }

    static async Task<IResult> RemoveAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        await containers.RemoveAsync(name, new RemoveRequest(Query.Bool(http.Request, "force"), Query.Bool(http.Request, "v")), ct);
        return Results.NoContent();
    }

    static async Task<IResult> PruneAsync(HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var result = await containers.PruneAsync(FilterMapping.FromQuery(http.Request), ct);
        return Json.Ok(ContainerViewMapping.ToPruneResponse(result), WireJson.Context.ContainerPruneResponse);
    }

    /// <summary><c>h</c> and <c>w</c> of a resize request, as dockerd parses them (missing = 0).</summary>
    public static TerminalSize Size(HttpRequest request) =>
        new(checked((ushort)(Int(request, "h") ?? 0)), checked((ushort)(Int(request, "w") ?? 0)));

    /// <summary>An integer query parameter; null when absent or empty, 400 with dockerd's text when malformed.</summary>
    public static int? Int(HttpRequest request, string name)
    {
        var value = Query.String(request, name);
        if (string.IsNullOrEmpty(value)) return null;
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw EngineException.Invalid($"strconv.Atoi: parsing \"{value}\": invalid syntax");
    }

    /// <summary>304 with no body, as dockerd answers a start of a running or a stop of a stopped container.</summary>
    static IResult NotModified() => Results.StatusCode(StatusCodes.Status304NotModified);
}
