using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine.Containers.Archive;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary><c>/containers/{name}/archive</c>: HEAD (the path stat header), GET (the path as tar) and PUT (extract a tar).</summary>
internal static class ContainersArchiveEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/containers");
        g.MapMethods("/{name}/archive", [HttpMethods.Head], HeadAsync);
        g.MapGet("/{name}/archive", GetAsync);
        g.MapPut("/{name}/archive", PutAsync);
    }

    static async Task<IResult> HeadAsync(string name, HttpContext http, [FromServices] IContainerArchive archive, CancellationToken ct)
    {
        var stat = await archive.StatAsync(name, RequiredPath(http), ct);
        http.Response.Headers[ArchiveMapping.PathStatHeader] = ArchiveMapping.ToPathStatHeader(stat);
        return Results.Ok();
    }

    /// <summary>The header goes before the body; what was mounted for the call is released however the request ends.</summary>
    static async Task GetAsync(string name, HttpContext http, [FromServices] IContainerArchive archive, CancellationToken ct)
    {
        await using var content = await archive.GetAsync(name, RequiredPath(http), ct);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/x-tar";
        response.Headers[ArchiveMapping.PathStatHeader] = ArchiveMapping.ToPathStatHeader(content.Stat);
        await response.StartAsync(ct);
        try
        {
            await content.WriteToAsync(response.Body, ct);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away mid-stream; the using releases the mount.
        }
    }

    /// <summary>The body is the tar whatever its Content-Type (the docker CLI sends text/plain).</summary>
    static async Task<IResult> PutAsync(string name, HttpContext http, [FromServices] IContainerArchive archive, CancellationToken ct)
    {
        var request = http.Request;
        var options = new ExtractOptions(Query.Bool(request, "noOverwriteDirNonDir"), Query.Bool(request, "copyUIDGID"));
        await archive.PutAsync(name, RequiredPath(http), options, request.Body, ct);
        return Results.Ok();
    }

    static string RequiredPath(HttpContext http) =>
        Query.String(http.Request, "path") is { Length: > 0 } path ? path : throw Wharf.Engine.EngineException.Invalid("path is required");
}
