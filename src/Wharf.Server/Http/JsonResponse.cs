using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Http;

/// <summary>A JSON response as dockerd writes it: compact JSON, then one <c>\n</c>, with a Content-Length.</summary>
internal sealed class JsonResponse<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, value, type, status, httpContext.RequestAborted);

    public static async Task WriteAsync(HttpResponse response, T value, JsonTypeInfo<T> type, int status, CancellationToken ct)
    {
        var body = Serialize(value, type);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }

    /// <summary>The exact bytes of the body: JSON plus a trailing newline.</summary>
    public static byte[] Serialize(T value, JsonTypeInfo<T> type)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, type);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return body;
    }
}
