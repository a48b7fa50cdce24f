using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Server.Security;

namespace Wharf.Server.Tests.Security;

/// <summary>
/// Every route the server maps that a GET or HEAD reaches has a deliberate answer for viewers. A new read route fails
/// this test until it is classified here and in <see cref="RoutePolicy"/> (until then viewers get 403: closed by default).
/// </summary>
public sealed class RouteCoverageTests
{
    const string Allowed = "allowed";
    const string NotAViewerRoute = "viewers may read only the state of containers, images, networks, volumes, exec instances and the system";

    /// <summary>Route pattern -> a sample path a viewer might send and what the policy answers.</summary>
    static readonly Dictionary<string, (string Sample, string Answer)> Expected = new(StringComparer.Ordinal)
    {
        ["/_ping"] = ("/_ping", Allowed),
        ["/version"] = ("/version", Allowed),
        ["/info"] = ("/info", Allowed),
        ["/system/df"] = ("/system/df", Allowed),
        ["/events"] = ("/events", Allowed),
        ["/containers/json"] = ("/containers/json", Allowed),
        ["/containers/{name}/json"] = ("/containers/web/json", Allowed),
        ["/containers/{name}/changes"] = ("/containers/web/changes", Allowed),
        ["/containers/{name}/top"] = ("/containers/web/top", Allowed),
        ["/containers/{name}/stats"] = ("/containers/web/stats", Allowed),
        ["/containers/{name}/logs"] = ("/containers/web/logs", Allowed),
        ["/containers/{name}/export"] = ("/containers/web/export", "viewers may not export containers"),
        ["/containers/{name}/archive"] = ("/containers/web/archive", "viewers may not download files from containers"),
        ["/images/json"] = ("/images/json", Allowed),
        ["/images/get"] = ("/images/get", "viewers may not save images"),
        // One catch-all for inspect, history and save by name (ImageRoute's suffixes).
        ["/images/{**rest}"] = ("/images/busybox/get", "viewers may not save images"),
        ["/images/search"] = ("/images/search", Allowed),
        ["/exec/{id}/json"] = ("/exec/abc/json", Allowed),
        ["/volumes"] = ("/volumes", Allowed),
        ["/volumes/{name}"] = ("/volumes/data", Allowed),
        ["/networks"] = ("/networks", Allowed),
        ["/networks/{id}"] = ("/networks/bridge", Allowed),
        ["/distribution/{**rest}"] = ("/distribution/busybox/json", Allowed),
        ["/build"] = ("/build", NotAViewerRoute),
        ["/build/{**rest}"] = ("/build/prune", NotAViewerRoute),
        ["/auth"] = ("/auth", NotAViewerRoute),
        ["/plugins"] = ("/plugins", NotAViewerRoute),
        ["/plugins/{**rest}"] = ("/plugins/x/json", NotAViewerRoute),
        ["/session"] = ("/session", NotAViewerRoute),
        ["/swarm"] = ("/swarm", NotAViewerRoute),
        ["/swarm/{**rest}"] = ("/swarm/unlockkey", NotAViewerRoute),
        ["/nodes"] = ("/nodes", NotAViewerRoute),
        ["/nodes/{**rest}"] = ("/nodes/n", NotAViewerRoute),
        ["/services"] = ("/services", NotAViewerRoute),
        ["/services/{**rest}"] = ("/services/s", NotAViewerRoute),
        ["/tasks"] = ("/tasks", NotAViewerRoute),
        ["/tasks/{**rest}"] = ("/tasks/t", NotAViewerRoute),
        ["/secrets"] = ("/secrets", NotAViewerRoute),
        ["/secrets/{**rest}"] = ("/secrets/s", NotAViewerRoute),
        ["/configs"] = ("/configs", NotAViewerRoute),
        ["/configs/{**rest}"] = ("/configs/c", NotAViewerRoute),
    };

    [Fact]
    public async Task Every_read_route_has_a_deliberate_answer_for_viewers()
    {
        WebApplication? captured = null;
        await using var app = await TestApp.StartAsync(a => captured = a);
        var readRoutes = captured!.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                        || methods.HttpMethods.Contains(HttpMethods.Get) || methods.HttpMethods.Contains(HttpMethods.Head))
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => p != "/{**path}") // the 404 fallback
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), readRoutes.Order(StringComparer.Ordinal));
        foreach (var (pattern, (sample, answer)) in Expected)
        {
            var denial = RoutePolicy.Decide(Role.Viewer, "GET", sample).Denial;
            Assert.True((denial?.Rule ?? Allowed) == answer, $"{pattern} ({sample}): expected {answer}, got {denial?.Rule ?? Allowed}");
        }
    }
}
