using System.Net;

namespace Wharf.Server.Tests;

public sealed class PlumbingTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _app.Images.OnList = _ => [Samples.Busybox];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/images/json")]
    [InlineData("/v1.41/images/json")]
    [InlineData("/v1.24/images/json")]
    [InlineData("/v1.30/images/json")]
    public async Task Routes_answer_with_and_without_a_version_prefix(string url)
    {
        var (response, _) = await _app.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
    }

    [Fact]
    public async Task The_prefix_version_is_stored_for_handlers()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        Assert.Equal(Api.ApiVersion.Current, Http.ApiVersionExtensions.GetApiVersion(http));
        Assert.True(Http.ApiVersionMiddleware.TrySplitPrefix("/v1.30/images/busybox/json", out var prefix, out var version, out var rest));
        Assert.Equal("/v1.30", prefix.Value);
        Assert.Equal(new Api.ApiVersion(1, 30), version);
        Assert.Equal("/images/busybox/json", rest.Value);
        Assert.False(Http.ApiVersionMiddleware.TrySplitPrefix("/vabc/version", out _, out _, out _));
        Assert.False(Http.ApiVersionMiddleware.TrySplitPrefix("/version", out _, out _, out _));
    }

    [Fact]
    public async Task A_too_new_version_is_a_json_400()
    {
        var (response, body) = await _app.GetAsync("/v1.99/version");
        Wire.AssertError(response, body, 400, "client version 1.99 is too new. Maximum supported API version is 1.41");
    }

    [Fact]
    public async Task A_too_old_version_is_a_plain_text_400()
    {
        var (response, body) = await _app.GetAsync("/v1.11/version");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("nosniff", Wire.Header(response, "X-Content-Type-Options"));
        Assert.Equal("client version 1.11 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version\n", body);
    }

    [Theory]
    [InlineData("/vabc/version")]
    [InlineData("/v1.41")]
    [InlineData("/a.b")]
    [InlineData("/v1.41x")]
    [InlineData("/nope")]
    [InlineData("/v1.41/nope/deeper")]
    [InlineData("/images/busybox")]
    [InlineData("/images/busybox/unknown")]
    public async Task Unknown_paths_are_page_not_found(string url)
    {
        var (response, body) = await _app.GetAsync(url);
        Wire.AssertError(response, body, 404, "page not found");
    }

    [Theory]
    [InlineData("POST", "/_ping")]
    [InlineData("PUT", "/images/json")]
    [InlineData("POST", "/v1.41/version")]
    [InlineData("DELETE", "/info")]
    [InlineData("PUT", "/images/busybox/json")]
    [InlineData("POST", "/images/busybox/json")]
    public async Task A_known_path_with_the_wrong_method_is_page_not_found_not_405(string method, string url)
    {
        var (response, body) = await _app.SendAsync(new HttpMethod(method), url);
        Wire.AssertError(response, body, 404, "page not found");
    }

    [Theory]
    [InlineData("/_ping")]
    [InlineData("/v1.41/_ping")]
    public async Task Get_ping_answers_OK_with_no_cache_headers(string url)
    {
        var (response, body) = await _app.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache, no-store, must-revalidate", Wire.Header(response, "Cache-Control"));
        Assert.Equal("no-cache", Wire.Header(response, "Pragma"));
        Assert.Null(Wire.Header(response, "Builder-Version"));
        Assert.Equal("OK", body);
    }

    [Theory]
    [InlineData("/_ping")]
    [InlineData("/v1.41/_ping")]
    public async Task Head_ping_answers_an_empty_200(string url)
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Head, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Equal("no-cache", Wire.Header(response, "Pragma"));
        Assert.Equal("", body);
    }

    [Theory]
    [InlineData("POST", "/build", "build")]
    [InlineData("POST", "/build/prune", "build")]
    [InlineData("POST", "/auth", "registry login")]
    [InlineData("GET", "/plugins", "plugins")]
    [InlineData("POST", "/session", "session")]
    [InlineData("GET", "/distribution/busybox/json", "distribution")]
    [InlineData("GET", "/images/search", "image search")]
    [InlineData("POST", "/images/127.0.0.1:5000/a/b/push", "image push")]
    [InlineData("POST", "/images/create?fromImage=busybox&tag=latest", "image pull")]
    public async Task Routes_Wharf_does_not_serve_yet_answer_501(string method, string url, string what)
    {
        var (response, body) = await _app.SendAsync(new HttpMethod(method), url);
        Wire.AssertError(response, body, 501, $"{what} is not implemented in Wharf yet");
    }

    [Theory]
    [InlineData("GET", "/swarm")]
    [InlineData("POST", "/swarm/init")]
    [InlineData("GET", "/v1.41/nodes")]
    [InlineData("GET", "/services")]
    [InlineData("GET", "/tasks/abc")]
    [InlineData("GET", "/secrets")]
    [InlineData("GET", "/configs")]
    public async Task Swarm_routes_answer_503_not_a_swarm_manager(string method, string url)
    {
        var (response, body) = await _app.SendAsync(new HttpMethod(method), url);
        Wire.AssertError(response, body, 503,
            "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
        // GT 256, byte for byte.
        Assert.Equal("""{"message":"This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again."}""" + "\n", body);
    }
}
