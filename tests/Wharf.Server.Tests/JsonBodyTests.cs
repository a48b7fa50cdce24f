using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wharf.Api.Common;
using Wharf.Engine;
using Wharf.Server.Http;

namespace Wharf.Server.Tests;

public sealed class JsonBodyTests
{
    static HttpRequest Request(string body, string? contentType)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Request.ContentType = contentType;
        return http.Request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    public async Task A_json_body_is_read_and_unknown_fields_are_ignored(string? contentType)
    {
        var config = await JsonBody.ReadAsync(Request("""{"Cmd":["sh"],"GwPriority":0,"Image":"busybox","Env":null}""", contentType),
            WireJson.Context.ContainerConfig, CancellationToken.None);
        Assert.Equal(["sh"], config!.Cmd);
        Assert.Equal("busybox", config.Image);
        Assert.Null(config.Env);
    }

    [Fact]
    public async Task An_empty_body_is_null()
    {
        var config = await JsonBody.ReadAsync(Request("", "application/json"), WireJson.Context.ContainerConfig, CancellationToken.None);
        Assert.Null(config);
    }

    [Fact]
    public async Task A_foreign_content_type_is_refused_with_dockerd_message()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            JsonBody.ReadAsync(Request("{}", "text/plain"), WireJson.Context.ContainerConfig, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("Content-Type specified (text/plain) must be 'application/json'", e.Message);
    }

    [Fact]
    public async Task Malformed_json_becomes_a_400_with_the_parser_message()
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() =>
            JsonBody.ReadAsync(Request("{nope", null), WireJson.Context.ContainerConfig, CancellationToken.None));
        Assert.Equal((400, e.Message), ErrorMiddleware.Classify(e));
    }
}
