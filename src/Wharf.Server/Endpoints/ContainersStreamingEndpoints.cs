using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using Wharf.Server.Streaming;

namespace Wharf.Server.Endpoints;

/// <summary><c>/containers/{name}/wait</c>, <c>/attach</c> (hijacked) and <c>/logs</c>: responses that outlive the request's handling.</summary>
internal static class ContainersStreamingEndpoints
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/{name}/wait", WaitAsync);
        g.MapPost("/{name}/attach", AttachAsync);
        g.MapGet("/{name}/logs", LogsAsync);
    }

    /// <summary>Headers go out at once (notes 5.6); the body when the condition holds. A client leaving first is normal (<c>run -d</c>).</summary>
    static async Task WaitAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var condition = Query.String(http.Request, "condition") switch
        {
            "next-exit" => WaitCondition.NextExit,
            "removed" => WaitCondition.Removed,
            _ => WaitCondition.NotRunning,
        };
        var handle = await containers.WaitAsync(name, condition, ct);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        WaitResult result;
        try
        {
            result = await handle.Result.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(ContainerViewMapping.ToWaitResponse(result), WireJson.Context.ContainerWaitResponse);
        await response.Body.WriteAsync(body, ct);
        await response.Body.WriteAsync("\n"u8.ToArray(), ct);
    }

    static async Task AttachAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var request = http.Request;
        var stream = Query.Bool(request, "stream");
        var logs = Query.Bool(request, "logs");
        var wantStdin = Query.Bool(request, "stdin");
        var wantStdout = Query.Bool(request, "stdout");
        var wantStderr = Query.Bool(request, "stderr");
        var detachKeys = DetachKeys.ParseForAttach(Query.String(request, "detachKeys"));

        // Everything that can fail with an HTTP error happens before the hijack.
        var inspect = await containers.InspectAsync(name, false, ct);
        var config = inspect.Container.Spec.Config;
        var replay = logs ? await containers.LogsAsync(name, new LogRequest { Stdout = wantStdout, Stderr = wantStderr }, ct) : null;
        var session = stream ? await containers.AttachAsync(name, ct) : null;
        try
        {
            await using var conn = await Hijack.AcceptAsync(http, ct);
            var output = OutputWriter.For(conn.Output, config.Tty);
            if (replay is not null)
            {
                await foreach (var entry in replay.Entries.WithCancellation(ct))
                    if (!await output.WriteAsync((byte)entry.Stream, entry.Data, ct)) return;
            }
            if (session is null) return;

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, conn.Closed);
            var outputTask = StdioPump.CopyOutputAsync(session.Streams, output, wantStdout, wantStderr, cts.Token);
            if (wantStdin && config.OpenStdin)
            {
                var filter = config.Tty ? new DetachKeyFilter(detachKeys) : null;
                var stdinTask = StdioPump.CopyStdinAsync(conn.Input, session.Streams, filter, cts.Token);
                var first = await Task.WhenAny(outputTask, stdinTask);
                if (first == stdinTask)
                {
                    var end = await stdinTask;
                    if (end == StdinEnd.ClientClosed && config.StdinOnce)
                        await session.Streams.CloseStdinAsync(ct);
                    else
                    {
                        // Detached, or a client leaving a container whose stdin stays open: the session ends, the container runs on.
                        await cts.CancelAsync();
                    }
                }
            }
            try
            {
                await outputTask;
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
        }
        finally
        {
            if (session is not null) await session.Streams.DisposeAsync();
        }
    }

    /// <summary>Framed unless the container has a TTY; no Content-Type at 1.41 (notes 10.6).</summary>
    static async Task LogsAsync(string name, HttpContext http, [FromServices] IContainerService containers, CancellationToken ct)
    {
        var q = http.Request;
        var request = new LogRequest
        {
            Stdout = Query.Bool(q, "stdout"),
            Stderr = Query.Bool(q, "stderr"),
            Since = EventMapping.ParseTime(Query.String(q, "since"), "since"),
            Until = EventMapping.ParseTime(Query.String(q, "until"), "until"),
            Timestamps = Query.Bool(q, "timestamps"),
            Tail = Tail(Query.String(q, "tail")),
            Follow = Query.Bool(q, "follow"),
        };
        if (!request.Stdout && !request.Stderr)
            throw Wharf.Engine.EngineException.Invalid("Bad parameters: you must choose at least one stream");
        var logs = await containers.LogsAsync(name, request, ct);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        await response.StartAsync(ct);
        await response.BodyWriter.FlushAsync(ct);
        var output = OutputWriter.For(response.BodyWriter, logs.Tty);
        try
        {
            await foreach (var entry in logs.Entries.WithCancellation(ct))
            {
                var data = request.Timestamps ? Stamp(entry.Time, entry.Data) : entry.Data;
                if (!await output.WriteAsync(StreamByte(entry.Stream), data, ct)) return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    static byte StreamByte(StdStream stream) => (byte)stream;

    static ReadOnlyMemory<byte> Stamp(DateTimeOffset time, ReadOnlyMemory<byte> data)
    {
        // dockerd stamps log lines with a fixed-width RFC 3339 (nine fraction digits) so they sort as text.
        var prefix = Encoding.ASCII.GetBytes(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture) + "00Z ");
        var line = new byte[prefix.Length + data.Length];
        prefix.CopyTo(line, 0);
        data.Span.CopyTo(line.AsSpan(prefix.Length));
        return line;
    }

    /// <summary><c>all</c>, empty or a negative number mean every line; dockerd 20.10 treats garbage as all too.</summary>
    static int Tail(string? value) =>
        value is null || value == "all" || !int.TryParse(value, out var n) || n < 0 ? -1 : n;
}
