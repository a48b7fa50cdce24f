using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine.Volumes;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary><c>/volumes</c>: create, list, inspect, remove, prune.</summary>
internal static class VolumesEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/volumes");
        g.MapGet("", ListAsync);
        g.MapPost("/create", CreateAsync);
        g.MapPost("/prune", PruneAsync);
        g.MapGet("/{name}", InspectAsync);
        g.MapDelete("/{name}", RemoveAsync);
    }

    static async Task<IResult> ListAsync(HttpContext http, [FromServices] IVolumeService volumes, CancellationToken ct)
    {
        var list = await volumes.ListAsync(FilterMapping.FromQuery(http.Request), ct);
        return Json.Ok(VolumeMapping.ToList(list), WireJson.Context.VolumeListResponse);
    }

    /// <summary>201 with the volume, also when it already existed (dockerd's create is idempotent).</summary>
    static async Task<IResult> CreateAsync(HttpContext http, [FromServices] IVolumeService volumes, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.VolumeCreateOptions, ct);
        var view = await volumes.CreateAsync(VolumeMapping.ToCreateRequest(body), ct);
        return Json.Status(VolumeMapping.ToVolume(view), WireJson.Context.Volume, StatusCodes.Status201Created);
    }

    static async Task<IResult> InspectAsync(string name, [FromServices] IVolumeService volumes, CancellationToken ct) =>
        Json.Ok(VolumeMapping.ToVolume(await volumes.InspectAsync(name, ct)), WireJson.Context.Volume);

    static async Task<IResult> RemoveAsync(string name, HttpContext http, [FromServices] IVolumeService volumes, CancellationToken ct)
    {
        await volumes.RemoveAsync(name, Query.Bool(http.Request, "force"), ct);
        return Results.NoContent();
    }

    static async Task<IResult> PruneAsync(HttpContext http, [FromServices] IVolumeService volumes, CancellationToken ct)
    {
        var filters = VolumeMapping.ToPruneFilters(FilterMapping.FromQuery(http.Request), http.GetApiVersion());
        return Json.Ok(VolumeMapping.ToPruneResponse(await volumes.PruneAsync(filters, ct)), WireJson.Context.VolumePruneResponse);
    }
}
