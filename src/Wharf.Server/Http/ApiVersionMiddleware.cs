using System.Text;
using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Engine;

namespace Wharf.Server.Http;

/// <summary>
/// Runs before routing: stamps the standard headers, peels a <c>/vX.Y</c> prefix off the path into
/// <see cref="ApiVersionFeature"/> and refuses versions outside [1.24, 1.41] with dockerd's messages.
/// A prefix that is not a version (<c>/vabc/</c>) is left alone and ends as 404.
/// </summary>
internal sealed class ApiVersionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ServerHeaders.Apply(http.Response);
        var version = ApiVersion.Current;
        if (TrySplitPrefix(http.Request.Path, out var prefix, out var requested, out var rest))
        {
            if (requested > ApiVersion.Current)
                throw new EngineException(ErrorKind.InvalidArgument,
                    $"client version {requested} is too new. Maximum supported API version is {ApiVersion.Current}");
            if (requested < ApiVersion.Minimum)
            {
                await WriteTooOldAsync(http.Response, requested, http.RequestAborted);
                return;
            }
            version = requested;
            http.Request.PathBase = http.Request.PathBase.Add(prefix);
            http.Request.Path = rest;
        }
        http.Features.Set(new ApiVersionFeature(version));
        await next(http);
    }

    /// <summary>Splits <c>/v1.41/images/json</c> into <c>/v1.41</c>, 1.41 and <c>/images/json</c>.</summary>
    internal static bool TrySplitPrefix(PathString path, out PathString prefix, out ApiVersion version, out PathString rest)
    {
        prefix = rest = default;
        version = default;
        var value = path.Value;
        if (value is null || value.Length < 3 || value[1] != 'v') return false;
        var slash = value.IndexOf('/', 2);
        if (slash < 0) return false;
        if (!ApiVersion.TryParse(value.AsSpan(2, slash - 2), out var parsed)) return false;
        version = parsed.Value;
        prefix = new PathString(value[..slash]);
        rest = new PathString(value[slash..]);
        return true;
    }

    // dockerd answers this one in plain text, the way it answers clients older than JSON errors.
    static async Task WriteTooOldAsync(HttpResponse response, ApiVersion requested, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(
            $"client version {requested} is too old. Minimum supported API version is {ApiVersion.Minimum}, please upgrade your client to a newer version\n");
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }
}
