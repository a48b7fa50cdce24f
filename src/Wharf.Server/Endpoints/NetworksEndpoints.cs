using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Networks;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Networks;
using EngineEndpoint = Wharf.Engine.Containers.EndpointSettings;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary><c>/networks</c>: create, list, inspect, remove, prune, and connecting containers.</summary>
internal static class NetworksEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/networks");
        g.MapGet("", ListAsync);
        g.MapPost("/create", CreateAsync);
        g.MapPost("/prune", PruneAsync);
        g.MapGet("/{id}", InspectAsync);
        g.MapDelete("/{id}", RemoveAsync);
        g.MapPost("/{id}/connect", ConnectAsync);
        g.MapPost("/{id}/disconnect", DisconnectAsync);
    }

    static async Task<IResult> ListAsync(HttpContext http, [FromServices] INetworkService networks, CancellationToken ct)
    {
        var list = await networks.ListAsync(FilterMapping.FromQuery(http.Request), ct);
        return Json.Ok(NetworkMapping.ToList(list), WireJson.Context.ListNetwork);
    }

    static async Task<IResult> CreateAsync(HttpContext http, [FromServices] INetworkService networks, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.NetworkCreateRequest, ct);
        var (view, warning) = await networks.CreateAsync(NetworkMapping.ToCreateRequest(body), ct);
        return Json.Status(new NetworkCreateResponse(view.Network.Id, warning), WireJson.Context.NetworkCreateResponse, StatusCodes.Status201Created);
    }

    static async Task<IResult> InspectAsync(string id, [FromServices] INetworkService networks, CancellationToken ct) =>
        Json.Ok(NetworkMapping.ToNetwork(await networks.InspectAsync(id, ct)), WireJson.Context.Network);

    static async Task<IResult> RemoveAsync(string id, [FromServices] INetworkService networks, CancellationToken ct)
    {
        await networks.RemoveAsync(id, ct);
        return Results.NoContent();
    }

    static async Task<IResult> ConnectAsync(string id, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.NetworkConnectRequest, ct);
        var endpoint = body?.EndpointConfig;
        var settings = new EngineEndpoint(endpoint?.Aliases ?? [], endpoint?.IPAMConfig?.IPv4Address is { Length: > 0 } ip ? ip : null);
        await containers.ConnectNetworkAsync(RequiredContainer(body?.Container), id, settings, ct);
        return Results.Ok();
    }

    static async Task<IResult> DisconnectAsync(string id, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.NetworkDisconnectRequest, ct);
        await containers.DisconnectNetworkAsync(RequiredContainer(body?.Container), id, body?.Force ?? false, ct);
        return Results.Ok();
    }

    static string RequiredContainer(string? container) =>
        container is { Length: > 0 } c ? c : throw EngineException.Invalid("container is required");

    static async Task<IResult> PruneAsync(HttpContext http, [FromServices] INetworkService networks, CancellationToken ct) =>
        Json.Ok(NetworkMapping.ToPruneResponse(await networks.PruneAsync(FilterMapping.FromQuery(http.Request), ct)), WireJson.Context.NetworkPruneResponse);
}
