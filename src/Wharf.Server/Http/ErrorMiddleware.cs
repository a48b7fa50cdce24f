using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Engine;

namespace Wharf.Server.Http;

/// <summary>
/// The one place that turns failures into responses: EngineException -> its kind's status and message;
/// bad JSON or unbindable parameters -> 400 with the parser's message; a client that left -> nothing;
/// anything else -> 500 with its message and an error log. 304 carries no body.
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            ServerLog.ClientGone(logger, http.Request.Method, http.Request.Path);
        }
        catch (Exception e)
        {
            var (status, message) = Classify(e);
            if (status == StatusCodes.Status500InternalServerError)
                ServerLog.Unhandled(logger, http.Request.Method, http.Request.Path, e);
            else
                ServerLog.EngineError(logger, http.Request.Method, http.Request.Path, status, message);

            if (http.Response.HasStarted)
            {
                // The status line is gone; cutting the connection is the only honest signal left.
                ServerLog.FailedAfterStart(logger, http.Request.Method, http.Request.Path, e);
                http.Abort();
                return;
            }
            await WriteAsync(http.Response, status, message, http.RequestAborted);
        }
    }

    internal static (int Status, string Message) Classify(Exception e) => e switch
    {
        EngineException ee => (ErrorMapping.StatusFor(ee.Kind), ee.Message),
        JsonException je => (StatusCodes.Status400BadRequest, je.Message),
        BadHttpRequestException be => (be.StatusCode, be.InnerException is JsonException inner ? inner.Message : be.Message),
        _ => (StatusCodes.Status500InternalServerError, e.Message),
    };

    internal static async Task WriteAsync(HttpResponse response, int status, string message, CancellationToken ct)
    {
        response.Clear();
        ServerHeaders.Apply(response);
        response.StatusCode = status;
        if (status == StatusCodes.Status304NotModified) return;
        var body = Json.ErrorBody(message);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left while we explained; nothing more to do.
        }
    }
}
