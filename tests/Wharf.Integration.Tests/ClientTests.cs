using System.Net;
using System.Text;
using Wharf.Api;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>Wharf.Client against a scripted handler (no daemon, no root): negotiation, paths, query encoding, errors, streams.</summary>
public sealed class ClientTests
{
    [Fact]
    public async Task Negotiates_down_to_the_daemons_version_and_prefixes_paths()
    {
        var handler = new ScriptedHandler(apiVersion: "1.30");
        using var client = WharfClient.ForHandler(handler, new Uri("http://api.moby.localhost"));

        await Assert.ThrowsAsync<WharfApiException>(() => client.Images.InspectAsync("library/busybox:latest"));

        // A read goes first under the client's maximum; the daemon's refusal leads to the ping, then the read again.
        Assert.Equal(new ApiVersion(1, 30), await client.GetApiVersionAsync());
        Assert.Equal(["GET /v1.41/images/library/busybox:latest/json", "HEAD /_ping", "GET /v1.30/images/library/busybox:latest/json"], handler.Requests);
    }

    [Fact]
    public async Task A_read_taken_under_the_maximum_settles_the_version_without_a_ping()
    {
        var handler = new ScriptedHandler(apiVersion: "1.47") { Respond = _ => Json(HttpStatusCode.OK, "[]") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));

        Assert.Empty(await client.Images.ListAsync());
        await client.Images.DeleteAsync("nope");

        Assert.Equal(["GET /v1.41/images/json", "DELETE /v1.41/images/nope"], handler.Requests);
    }

    [Fact]
    public async Task A_daemons_own_400_to_a_read_under_the_version_it_speaks_is_not_asked_again()
    {
        var handler = new ScriptedHandler(apiVersion: "1.41") { Respond = _ => Json(HttpStatusCode.BadRequest, """{"message":"invalid filter 'x'"}""") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));

        var e = await Assert.ThrowsAsync<WharfApiException>(() => client.Images.ListAsync());

        Assert.Equal("invalid filter 'x'", e.Message);
        Assert.Equal(["GET /v1.41/images/json", "HEAD /_ping"], handler.Requests);
    }

    [Fact]
    public async Task Never_asks_for_more_than_1_41_and_assumes_1_24_without_the_header()
    {
        using var newer = WharfClient.ForHandler(new ScriptedHandler(apiVersion: "1.52"), new Uri("http://x"));
        Assert.Equal(new ApiVersion(1, 41), await newer.GetApiVersionAsync());

        using var old = WharfClient.ForHandler(new ScriptedHandler(apiVersion: null), new Uri("http://x"));
        Assert.Equal(new ApiVersion(1, 24), await old.GetApiVersionAsync());
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_the_daemons_error()
    {
        var handler = new ScriptedHandler("1.41") { Respond = _ => Json(HttpStatusCode.OK, "[{") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));

        var e = await Assert.ThrowsAsync<WharfApiException>(() => client.Containers.ListJsonAsync());

        Assert.StartsWith("the daemon's answer is not valid JSON: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_bodies_become_WharfApiException_with_the_daemons_message()
    {
        var handler = new ScriptedHandler("1.41") { Respond = _ => Json(HttpStatusCode.NotFound, """{"message":"No such image: nope:latest"}""") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));

        var e = await Assert.ThrowsAsync<WharfApiException>(() => client.Images.DeleteAsync("nope:latest", force: true));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal("No such image: nope:latest", e.Message);
        Assert.Equal("DELETE /v1.41/images/nope:latest?force=1", handler.Requests[^1]);
    }

    [Fact]
    public async Task Filters_and_times_are_encoded_like_the_go_client()
    {
        var handler = new ScriptedHandler("1.41") { Respond = _ => Json(HttpStatusCode.OK, "") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_796_007_034_123);

        await foreach (var _ in client.EventsAsync(since, since.AddSeconds(1), new Dictionary<string, IReadOnlyList<string>> { ["type"] = ["image"] })) { }

        Assert.Equal("GET /v1.41/events?since=1796007034.123000000&until=1796007035.123000000&filters="
                     + Uri.EscapeDataString("""{"type":{"image":true}}"""), handler.Requests[^1]);
    }

    [Fact]
    public async Task Progress_streams_are_read_line_by_line_and_an_error_line_throws()
    {
        var body = "{\"stream\":\"Loaded image: a:1\\n\"}\r\n{\"errorDetail\":{\"message\":\"bad layer\"},\"error\":\"bad layer\"}\r\n";
        var handler = new ScriptedHandler("1.41") { Respond = _ => Json(HttpStatusCode.OK, body) };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));
        var seen = new List<string?>();

        var e = await Assert.ThrowsAsync<WharfApiException>(async () =>
        {
            await foreach (var m in client.Images.LoadAsync(new MemoryStream([1, 2, 3]))) seen.Add(m.Stream);
        });

        Assert.Equal(["Loaded image: a:1\n"], seen);
        Assert.Equal("bad layer", e.Message);
        Assert.Equal("POST /v1.41/images/load?quiet=1", handler.Requests[^1]);
    }

    [Fact]
    public async Task Import_returns_the_id_from_the_status_line_and_sends_each_change()
    {
        var handler = new ScriptedHandler("1.41") { Respond = _ => Json(HttpStatusCode.OK, "{\"status\":\"sha256:abc\"}\r\n") };
        using var client = WharfClient.ForHandler(handler, new Uri("http://x"));

        var id = await client.Images.ImportAsync(new MemoryStream([0]), "busybox", "latest", ["CMD [\"sh\"]", "ENV A=b"]);

        Assert.Equal("sha256:abc", id);
        Assert.Equal("POST /v1.41/images/create?fromSrc=-&repo=busybox&tag=latest&changes=CMD%20%5B%22sh%22%5D&changes=ENV%20A%3Db",
                     handler.Requests[^1]);
    }

    static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Answers HEAD /_ping with the given Api-Version (none when null) and everything else with <see cref="Respond"/>.</summary>
    sealed class ScriptedHandler(string? apiVersion) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; init; } =
            _ => Json(HttpStatusCode.NotFound, """{"message":"page not found"}""");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            if (request.RequestUri.AbsolutePath == "/_ping")
            {
                var ping = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
                if (apiVersion is not null) ping.Headers.Add("Api-Version", apiVersion);
                return Task.FromResult(ping);
            }
            // A daemon without the header predates it: 1.24.
            return Task.FromResult(ApiVersionGate.TooNew(request, apiVersion ?? "1.24") ?? Respond(request));
        }
    }
}
