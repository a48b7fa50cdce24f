using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Api.Common;
using Wharf.Server.Http;

namespace Wharf.Server.Streaming;

/// <summary>
/// A progress stream (load, import, later pull and push): <c>\r\n</c>-terminated JSON messages in a 200 response.
/// The first message is awaited before the status is sent, so an early failure is a real HTTP error; a failure
/// after that can only be told in-band, as an <c>errorDetail</c> message.
/// </summary>
internal static class ProgressStream
{
    public static async Task WriteAsync(HttpContext http, IAsyncEnumerable<JsonMessage> messages, ILogger logger, CancellationToken ct)
    {
        var response = http.Response;
        var type = WireJson.Context.JsonMessage;
        await using var e = messages.GetAsyncEnumerator(ct);
        var more = await e.MoveNextAsync();   // throws before the response starts: the error middleware answers
        await JsonLines.StartAsync(response, ct);
        while (more)
        {
            if (!await JsonLines.WriteAsync(response, e.Current, type, crlf: true, ct)) return;
            try
            {
                more = await e.MoveNextAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var (_, message) = ErrorMiddleware.Classify(ex);
                ServerLog.StreamFailed(logger, http.Request.Method, http.Request.Path, message);
                await JsonLines.WriteAsync(response, Error(message), type, crlf: true, ct);
                return;
            }
        }
    }

    public static JsonMessage Error(string message) => new() { ErrorDetail = new ErrorDetail { Message = message }, Error = message };
}
