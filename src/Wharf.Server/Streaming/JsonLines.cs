using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Streaming;

/// <summary>
/// JSON message streams: one record per flush, each followed by its terminator (<c>\n</c> for events,
/// <c>\r\n</c> for progress streams). Writes go to the response's pipe, so a slow client applies backpressure.
/// </summary>
internal static class JsonLines
{
    public static ReadOnlySpan<byte> Lf => "\n"u8;
    public static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>Sets a 200 <c>application/json</c> response and sends its headers now, before any record.</summary>
    public static async Task StartAsync(HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.BodyWriter.FlushAsync(ct);
    }

    /// <summary>Writes one record and flushes it; false when the client is gone.</summary>
    public static async ValueTask<bool> WriteAsync<T>(HttpResponse response, T item, JsonTypeInfo<T> type, bool crlf, CancellationToken ct)
    {
        var pipe = response.BodyWriter;
        Write(pipe, item, type, crlf);
        var flushed = await pipe.FlushAsync(ct);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    static void Write<T>(PipeWriter pipe, T item, JsonTypeInfo<T> type, bool crlf)
    {
        using (var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = type.Options.Encoder }))
            JsonSerializer.Serialize(json, item, type);
        pipe.Write(crlf ? CrLf : Lf);
    }
}
