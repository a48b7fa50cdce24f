using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine.Containers;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Engine.Volumes;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Endpoints;

/// <summary><c>/_ping</c>, <c>/version</c>, <c>/info</c>, <c>/system/df</c>.</summary>
internal static class SystemEndpoints
{
    static readonly byte[] PingBody = Encoding.ASCII.GetBytes("OK");

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapMethods("/_ping", [HttpMethods.Get, HttpMethods.Head], PingAsync);
        api.MapGet("/version", Version);
        api.MapGet("/info", InfoAsync);
        api.MapGet("/system/df", DiskUsageAsync);
    }

    /// <summary>Every CLI command starts here; the Api-Version header (set by the middleware) is what it negotiates from.</summary>
    static async Task PingAsync(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        response.Headers.Pragma = "no-cache";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            response.ContentLength = 0;
            return;
        }
        response.ContentLength = PingBody.Length;
        await response.Body.WriteAsync(PingBody, http.RequestAborted);
    }

    static IResult Version(ISystemService system) =>
        Json.Ok(SystemMapping.ToVersion(system.Version()), WireJson.Context.SystemVersion);

    static async Task<IResult> InfoAsync(ISystemService system, CancellationToken ct) =>
        Json.Ok(SystemMapping.ToInfo(await system.InfoAsync(ct)), WireJson.Context.SystemInfo);

    static async Task<IResult> DiskUsageAsync(IImageService images, [FromServices] IContainerService containers,
                                              [FromServices] IVolumeService volumes, CancellationToken ct) =>
        Json.Ok(VolumeMapping.WithVolumes(SystemMapping.ToDataUsage(await images.DiskUsageAsync(ct), await containers.DiskUsageAsync(ct)),
                                          await volumes.DiskUsageAsync(ct)),
            WireJson.Context.SystemDataUsage);
}
