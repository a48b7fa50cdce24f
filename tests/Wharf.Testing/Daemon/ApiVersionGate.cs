using System.Net;
using System.Text;
using Wharf.Api;

namespace Wharf.Testing.Daemon;

/// <summary>What a real daemon answers to a path under a version newer than its own, for handlers that stand in for one.</summary>
public static class ApiVersionGate
{
    /// <summary>dockerd's 400 for <c>/vX.Y/…</c> above <paramref name="maximum"/> (e.g. "1.40"); null for a path it would take.</summary>
    public static HttpResponseMessage? TooNew(HttpRequestMessage request, string maximum)
    {
        var path = request.RequestUri!.AbsolutePath;
        var end = path.IndexOf('/', 1);
        if (!path.StartsWith("/v", StringComparison.Ordinal) || end < 0 || !ApiVersion.TryParse(path.AsSpan(2, end - 2), out var asked)
            || !ApiVersion.TryParse(maximum, out var max) || asked <= max) return null;
        var message = $$"""{"message":"client version {{asked}} is too new. Maximum supported API version is {{max}}"}""";
        return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(message, Encoding.UTF8, "application/json") };
    }
}
