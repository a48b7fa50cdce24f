using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Wharf.Server.Streaming;

/// <summary>
/// The attach / exec-start handshake. With <c>Connection: Upgrade</c> + <c>Upgrade: tcp</c> the answer is dockerd's
/// hand-written <c>HTTP/1.1 101 UPGRADED</c> with exactly three headers; without, a bare <c>200 OK</c> whose body is
/// the stream and ends when the connection closes. Both are written straight onto the connection, because Kestrel's
/// own upgrade adds <c>Date</c>, says <c>Switching Protocols</c>, and refuses to upgrade a request with a body
/// (exec start carries one), and its 200 would be chunked. Read any request body before calling this.
/// </summary>
internal static class Hijack
{
    public const string RawStreamContentType = "application/vnd.docker.raw-stream";

    static readonly byte[] UpgradedHead = Encoding.ASCII.GetBytes(
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + RawStreamContentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");

    static readonly byte[] PlainHead = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: " + RawStreamContentType + "\r\n\r\n");

    /// <summary>The 101 exactly as dockerd writes it.</summary>
    public static ReadOnlySpan<byte> UpgradedResponse => UpgradedHead;

    /// <summary>The fallback head for clients that did not ask to upgrade.</summary>
    public static ReadOnlySpan<byte> PlainResponse => PlainHead;

    /// <summary>True for <c>Connection: Upgrade</c> (a token of the list) with <c>Upgrade: tcp</c>.</summary>
    public static bool WantsUpgrade(HttpRequest request) =>
        HasToken(request.Headers.Connection, "upgrade") && HasToken(request.Headers.Upgrade, "tcp");

    /// <summary>
    /// Writes the head (101 or 200) and hands the connection to the caller. On a server without access to the
    /// connection (TestServer), the stream becomes a normal 200 response body and stdin the request body.
    /// </summary>
    public static async Task<HijackedConnection> AcceptAsync(HttpContext http, CancellationToken ct)
    {
        var upgrade = WantsUpgrade(http.Request);
        var transport = http.Features.Get<IConnectionTransportFeature>()?.Transport;
        if (transport is null)
        {
            // No raw connection to take over: a streamed 200 is the closest honest answer.
            http.Response.Headers.Clear();
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = RawStreamContentType;
            await http.Response.StartAsync(ct);
            await http.Response.BodyWriter.FlushAsync(ct);
            return HijackedConnection.OverResponse(http, http.Request.BodyReader, http.Response.BodyWriter);
        }

        var lifetime = http.Features.Get<IHijackLifetimeFeature>();
        lifetime?.MarkHijacked();
        await transport.Output.WriteAsync(upgrade ? UpgradedHead : PlainHead, ct);
        return HijackedConnection.OverTransport(http, transport, lifetime, upgrade);
    }

    static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
