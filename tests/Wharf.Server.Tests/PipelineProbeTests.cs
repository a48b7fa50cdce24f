using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Common;
using Wharf.Server.Http;

namespace Wharf.Server.Tests;

/// <summary>Observes the pipeline from inside a handler: the stored API version and the binding configuration.</summary>
public sealed class PipelineProbeTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(app =>
    {
        app.MapGet("/probe/version", (HttpContext http) => http.GetApiVersion().ToString());
        app.MapPost("/probe/body", (ContainerConfig config) => config.Image);
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/probe/version", "1.41")]
    [InlineData("/v1.41/probe/version", "1.41")]
    [InlineData("/v1.30/probe/version", "1.30")]
    [InlineData("/v1.24/probe/version", "1.24")]
    public async Task Handlers_see_the_requested_version(string url, string version)
    {
        var (response, body) = await _app.GetAsync(url);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(version, body);
    }

    [Fact]
    public async Task A_bound_json_body_uses_WharfJson_and_ignores_unknown_fields()
    {
        var content = new StringContent("""{"Image":"busybox","GwPriority":0}""", System.Text.Encoding.UTF8, "application/json");
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/probe/body", content);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("busybox", body);
    }

    [Fact]
    public async Task A_malformed_bound_json_body_is_a_400_with_the_parser_message()
    {
        var content = new StringContent("{\"Image\": nope}", System.Text.Encoding.UTF8, "application/json");
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/probe/body", content);
        Assert.Equal(400, (int)response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.StartsWith("{\"message\":\"'nope}' is an invalid JSON literal.", body, StringComparison.Ordinal);
    }
}
