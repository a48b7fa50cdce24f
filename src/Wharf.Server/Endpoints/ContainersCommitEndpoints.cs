using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Common;
using Wharf.Engine.Containers;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary><c>POST /commit</c>: a new image from a container's filesystem and config (<c>docker commit</c>).</summary>
internal static class ContainersCommitEndpoints
{
    public static void Map(IEndpointRouteBuilder api) => api.MapPost("/commit", CommitAsync);

    /// <summary>
    /// The query names the container and the image; <c>changes</c> repeats, one Dockerfile instruction each; <c>pause</c>
    /// is true unless given as false (dockerd's default since API 1.13). A JSON body, when there is one, is a container
    /// config that replaces the container's before the changes apply.
    /// </summary>
    static async Task<IResult> CommitAsync(HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var request = http.Request;
        var body = await JsonBody.ReadAsync(request, WireJson.Context.ContainerCreateRequest, ct);
        var pause = Query.String(request, "pause");
        var commit = new ContainerCommitRequest(
            Container: request.Query["container"].ToString(),
            Repository: Query.String(request, "repo"),
            Tag: Query.String(request, "tag"),
            Author: Query.String(request, "author"),
            Comment: Query.String(request, "comment"),
            Pause: pause is null || Query.ParseBool(pause),
            Changes: Query.All(request, "changes"),
            Config: body is null ? null : ContainerCreateMapping.ToRunConfig(body));
        var id = await containers.CommitAsync(commit, ct);
        return Json.Status(new IdResponse(id.ToString()), WireJson.Context.IdResponse, StatusCodes.Status201Created);
    }
}
