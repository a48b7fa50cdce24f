using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Wharf.Api.Common;
using Wharf.Engine;
using Wharf.Engine.Images;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Streaming;

namespace Wharf.Server.Endpoints;

/// <summary>The image routes whose bodies are streams: load (tar in, progress out), save (tar out), import (tar in).</summary>
internal static class ImagesStreamingEndpoints
{
    const string LogCategory = "Wharf.Server.Images";

    public static void Map(RouteGroupBuilder images)
    {
        images.MapPost("/load", LoadAsync);
        images.MapGet("/get", ExportManyAsync);
        images.MapPost("/create", CreateAsync);
    }

    static async Task LoadAsync(HttpContext http, IImageService images, ILoggerFactory logs, CancellationToken ct)
    {
        var logger = logs.CreateLogger(LogCategory);
        var progress = images.LoadAsync(http.Request.Body, Query.Bool(http.Request, "quiet"), ct);
        await ProgressStream.WriteAsync(http, ProgressMapping.ToMessages(progress, ct), logger, ct);
    }

    static Task ExportManyAsync(HttpContext http, IImageService images, CancellationToken ct) =>
        ExportAsync(http, Query.All(http.Request, "names"), images, ct);

    /// <summary>Resolves every name first (a 404 is still possible), then streams the archive into the body.</summary>
    public static async Task ExportAsync(HttpContext http, IReadOnlyList<string> names, IImageService images, CancellationToken ct)
    {
        await using var archive = await images.ExportAsync(names, ct);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/x-tar";
        await http.Response.StartAsync(ct);
        await archive.WriteToAsync(http.Response.Body, ct);
    }

    /// <summary>
    /// <c>POST /images/create</c>: with <c>fromSrc=-</c> the body is a root filesystem tarball to import; the answer
    /// comes once the upload is stored, as one <c>{"status":"sha256:…"}</c> message. Pulls come later.
    /// </summary>
    static async Task CreateAsync(HttpContext http, IImageService images, CancellationToken ct)
    {
        var request = http.Request;
        var fromImage = Query.String(request, "fromImage");
        var fromSrc = Query.String(request, "fromSrc");
        if (fromImage is not null) throw NotYetImplemented.Error(NotYetImplemented.ImagePull);
        if (fromSrc is null) throw EngineException.Invalid("either fromImage or fromSrc must be given");
        if (fromSrc != "-")
            throw EngineException.NotImplemented(
                $"importing from a URL (fromSrc={fromSrc}) is not implemented in Wharf yet; send the tarball as the request body with fromSrc=-");

        var (repository, tag) = ImageMapping.SplitRepoTag(Query.String(request, "repo"), Query.String(request, "tag"));
        var import = new ImageImportRequest(repository, tag, Query.All(request, "changes"),
            Query.String(request, "message"), Query.String(request, "platform"));
        var id = await images.ImportAsync(request.Body, import, ct);

        await JsonLines.StartAsync(http.Response, ct);
        await JsonLines.WriteAsync(http.Response, new JsonMessage { Status = id.ToString() }, WireJson.Context.JsonMessage, crlf: true, ct);
    }
}
