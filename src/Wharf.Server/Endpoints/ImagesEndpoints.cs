using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine;
using Wharf.Engine.Images;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary>
/// <c>/images</c>: list, inspect, history, tag, delete, prune. Names carry <c>/</c> and <c>:</c>, so the per-name
/// routes are one catch-all per method and <see cref="ImageRoute"/> peels the suffix. Streaming routes (load, save,
/// import) are in <see cref="ImagesStreamingEndpoints"/>.
/// </summary>
internal static class ImagesEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/images");
        g.MapGet("/json", ListAsync);
        g.MapPost("/prune", PruneAsync);
        g.MapGet("/{**rest}", GetByNameAsync);
        g.MapPost("/{**rest}", PostByNameAsync);
        g.MapDelete("/{**rest}", DeleteAsync);
        ImagesStreamingEndpoints.Map(g);
    }

    static async Task<IResult> ListAsync(HttpContext http, IImageService images, CancellationToken ct)
    {
        // `digests` only mattered before API 1.25 (RepoDigests are always sent now).
        var request = new ImageListRequest(Query.Bool(http.Request, "all"), FilterMapping.FromQuery(http.Request));
        var list = await images.ListAsync(request, ct);
        return Json.Ok(ImageMapping.ToSummaries(list), WireJson.Context.ImageSummaryArray);
    }

    static async Task<IResult> GetByNameAsync(string rest, HttpContext http, IImageService images, CancellationToken ct)
    {
        var (operation, name) = Match(http, rest);
        switch (operation)
        {
            case ImageOperation.Inspect:
                return Json.Ok(ImageMapping.ToInspect(await images.InspectAsync(name, ct)), WireJson.Context.ImageInspect);
            case ImageOperation.History:
                return Json.Ok(ImageMapping.ToHistory(await images.HistoryAsync(name, ct)), WireJson.Context.ImageHistoryItemArray);
            default:
                await ImagesStreamingEndpoints.ExportAsync(http, [name], images, ct);
                return Results.Empty;
        }
    }

    static async Task<IResult> PostByNameAsync(string rest, HttpContext http, IImageService images, CancellationToken ct)
    {
        var (operation, name) = Match(http, rest);
        if (operation == ImageOperation.Push) throw NotYetImplemented.Error(NotYetImplemented.ImagePush);
        var (repository, tag) = ImageMapping.SplitRepoTag(Query.String(http.Request, "repo"), Query.String(http.Request, "tag"));
        if (repository is null) throw EngineException.Invalid("repository name must have at least one component");
        await images.TagAsync(name, repository, tag, ct);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    static async Task<IResult> DeleteAsync(string rest, HttpContext http, IImageService images, CancellationToken ct)
    {
        var (_, name) = Match(http, rest);
        var deleted = await images.DeleteAsync(name, Query.Bool(http.Request, "force"), Query.Bool(http.Request, "noprune"), ct);
        return Json.Ok(ImageMapping.ToDeleteItems(deleted), WireJson.Context.ImageDeleteResponseItemArray);
    }

    static async Task<IResult> PruneAsync(HttpContext http, IImageService images, CancellationToken ct)
    {
        var result = await images.PruneAsync(FilterMapping.FromQuery(http.Request), ct);
        return Json.Ok(ImageMapping.ToPruneResponse(result), WireJson.Context.ImagePruneResponse);
    }

    static (ImageOperation Operation, string Name) Match(HttpContext http, string rest) =>
        ImageRoute.TryMatch(http.Request.Method, rest, out var operation, out var name)
            ? (operation, name)
            : throw NotYetImplementedEndpoints.PageNotFound();
}
