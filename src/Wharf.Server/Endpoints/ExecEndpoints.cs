using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Api.Common;
using Wharf.Api.Exec;
using Wharf.Engine;
using Wharf.Engine.Containers.Exec;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Streaming;

namespace Wharf.Server.Endpoints;

/// <summary><c>POST /containers/{name}/exec</c> and <c>/exec/{id}</c>: start (hijacked unless detached), inspect, resize.</summary>
internal static class ExecEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/containers/{name}/exec", CreateAsync);
        var g = api.MapGroup("/exec");
        g.MapPost("/{id}/start", StartAsync);
        g.MapGet("/{id}/json", InspectAsync);
        g.MapPost("/{id}/resize", ResizeAsync);
    }

    static async Task<IResult> CreateAsync(string name, HttpContext http, [FromServices] IExecService exec, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.ExecConfig, ct);
        var id = await exec.CreateAsync(name, ExecMapping.ToRequest(body), ct);
        return Json.Status(new IdResponse(id), WireJson.Context.IdResponse, StatusCodes.Status201Created);
    }

    /// <summary>
    /// As dockerd: an attached start hijacks the connection before it starts the process, so a start that fails (e.g. a
    /// missing binary) reaches the client as the error's text on stdout, not as an HTTP error (the docker CLI prints it
    /// and exits with the exec's 126); only an unknown exec id is an HTTP error. The order matters for output too: a
    /// client that reads the 101 through a buffered reader (docker-py) loses whatever arrives with the headers, and the
    /// process cannot write before it exists.
    /// </summary>
    static async Task StartAsync(string id, HttpContext http, [FromServices] IExecService exec, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(http.Request, WireJson.Context.ExecStartConfig, ct) ?? new ExecStartConfig();
        if (body.Detach)
        {
            await exec.StartAsync(id, detach: true, ct);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentLength = 0;
            return;
        }
        var inspect = await exec.InspectAsync(id, ct);
        await using var conn = await Hijack.AcceptAsync(http, ct);
        var output = OutputWriter.For(conn.Output, inspect.Request.Tty);
        ExecStartResult started;
        try
        {
            started = await exec.StartAsync(id, detach: false, ct);
        }
        catch (EngineException e)
        {
            await output.WriteAsync(1, System.Text.Encoding.UTF8.GetBytes(e.Message + "\r\n"), ct);
            return;
        }
        if (started.Streams is not { } streams) return;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, conn.Closed);
            var outputTask = StdioPump.CopyOutputAsync(streams, output, stdout: true, stderr: true, cts.Token);
            if (inspect.OpenStdin)
            {
                var stdinTask = StdioPump.CopyStdinAsync(conn.Input, streams, null, cts.Token);
                if (await Task.WhenAny(outputTask, stdinTask) == stdinTask)
                {
                    // An exec's stdin always closes when the client's does.
                    if (await stdinTask == StdinEnd.ClientClosed) await streams.CloseStdinAsync(ct);
                    else await cts.CancelAsync();
                }
            }
            try
            {
                await outputTask;
                // The CLI inspects right after the stream closes: the exit code must be final by then.
                await started.Exited.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
        }
        finally
        {
            await streams.DisposeAsync();
        }
    }

    static async Task<IResult> InspectAsync(string id, [FromServices] IExecService exec, CancellationToken ct) =>
        Json.Ok(ExecMapping.ToInspect(await exec.InspectAsync(id, ct)), WireJson.Context.ExecInspect);

    static async Task<IResult> ResizeAsync(string id, HttpContext http, [FromServices] IExecService exec, CancellationToken ct)
    {
        await exec.ResizeAsync(id, ContainersEndpoints.Size(http.Request), ct);
        return Results.Ok();
    }
}
