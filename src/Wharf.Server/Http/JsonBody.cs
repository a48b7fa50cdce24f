using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Wharf.Engine;

namespace Wharf.Server.Http;

/// <summary>
/// Reads a JSON request body by dockerd's rules: the Content-Type, when present, must be <c>application/json</c>;
/// unknown fields are ignored; malformed JSON is a 400 carrying the parser's message (see <see cref="ErrorMiddleware"/>).
/// </summary>
internal static class JsonBody
{
    /// <summary>The parsed body, or null when it is empty (the caller decides whether that is allowed).</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        CheckContentType(request.ContentType);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0) return default;
        buffer.Position = 0;
        return await JsonSerializer.DeserializeAsync(buffer, type, ct);
    }

    /// <summary>dockerd's <c>CheckForJSON</c>: no Content-Type is fine, anything but application/json is not.</summary>
    public static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return;
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            return;
        throw EngineException.Invalid($"Content-Type specified ({contentType}) must be 'application/json'");
    }
}
