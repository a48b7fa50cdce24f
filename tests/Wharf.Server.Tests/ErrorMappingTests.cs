using System.Net;
using System.Text.Json;
using Wharf.Engine;
using Wharf.Server.Http;

namespace Wharf.Server.Tests;

public sealed class ErrorMappingTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(ErrorKind.InvalidArgument, 400)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.NotImplemented, 501)]
    [InlineData(ErrorKind.Unavailable, 503)]
    [InlineData(ErrorKind.Internal, 500)]
    public async Task Each_error_kind_has_its_status_and_the_message_verbatim(ErrorKind kind, int status)
    {
        const string message = "no such image: nope: No such image: nope:latest";
        _app.Images.OnInspect = _ => throw new EngineException(kind, message);
        var (response, body) = await _app.GetAsync("/v1.41/images/nope/json");
        Wire.AssertError(response, body, status, message);
    }

    [Fact]
    public void Every_error_kind_is_mapped()
    {
        foreach (var kind in Enum.GetValues<ErrorKind>())
            Assert.InRange(ErrorMapping.StatusFor(kind), 300, 599);
        Assert.Equal(500, ErrorMapping.StatusFor((ErrorKind)99));
    }

    [Fact]
    public async Task Not_modified_is_a_304_without_body_or_content_type()
    {
        _app.Images.OnInspect = _ => throw new EngineException(ErrorKind.NotModified, "already");
        var (response, body) = await _app.GetAsync("/images/busybox/json");
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_with_its_message()
    {
        _app.Images.OnInspect = _ => throw new IOException("disk on fire");
        var (response, body) = await _app.GetAsync("/images/busybox/json");
        Wire.AssertError(response, body, 500, "disk on fire");
    }

    [Fact]
    public void Bad_json_and_bad_requests_are_400_with_the_parser_message()
    {
        var json = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{nope"));
        Assert.Equal((400, json.Message), ErrorMiddleware.Classify(json));
        var bad = new Microsoft.AspNetCore.Http.BadHttpRequestException("Failed to read parameter", 400, json);
        Assert.Equal((400, json.Message), ErrorMiddleware.Classify(bad));
        var plain = new Microsoft.AspNetCore.Http.BadHttpRequestException("Required parameter missing", 400);
        Assert.Equal((400, "Required parameter missing"), ErrorMiddleware.Classify(plain));
    }

    [Fact]
    public async Task A_cancellation_while_the_client_is_still_there_is_a_500()
    {
        // Only the client's own departure is silent (see EventsTests); an engine timeout is a failure to report.
        _app.Images.OnInspect = _ => throw new TimeoutException("lock wait timed out");
        var (response, body) = await _app.GetAsync("/images/busybox/json");
        Wire.AssertError(response, body, 500, "lock wait timed out");
        _app.Images.OnInspect = _ => throw new OperationCanceledException("gave up");
        (response, body) = await _app.GetAsync("/images/busybox/json");
        Wire.AssertError(response, body, 500, "gave up");
    }
}
