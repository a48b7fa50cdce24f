using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Http;

/// <summary>A JSON response as dockerd writes it: compact JSON, then one <c>\n</c>, with a Content-Length.</summary>
internal sealed class JsonResponse<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) : IResult
{
    /// <summary>The length of the last body of this type: the next one is written into a buffer of about that size.</summary>
    static int s_lengthHint = 256;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, value, type, status, httpContext.RequestAborted);

    public static async Task WriteAsync(HttpResponse response, T value, JsonTypeInfo<T> type, int status, CancellationToken ct)
    {
        var body = Write(value, type);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, ct);
    }

    /// <summary>The exact bytes of the body: JSON plus a trailing newline.</summary>
    public static byte[] Serialize(T value, JsonTypeInfo<T> type) => Write(value, type).WrittenSpan.ToArray();

    /// <summary>
    /// Writes through the source generator's serialize handler where it made one: the serializer takes that fast path
    /// only for options without an encoder, and ours has the relaxed one (dockerd escapes no non-ASCII text). The handler
    /// writes through the writer, so the encoder still applies; it halves the time of a list of 100 containers.
    /// </summary>
    static ArrayBufferWriter<byte> Write(T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(Volatile.Read(ref s_lengthHint) + 64);
        var options = type.Options;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            MaxDepth = options.MaxDepth,
            SkipValidation = true,
        }))
        {
            if (type.SerializeHandler is { } handler) handler(writer, value);
            else JsonSerializer.Serialize(writer, value, type);
        }
        buffer.Write("\n"u8);
        Volatile.Write(ref s_lengthHint, buffer.WrittenCount);
        return buffer;
    }
}
