using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Logs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Tests.Fakes;

namespace Wharf.Server.Tests.ContainerEndpoints;

/// <summary>The container routes on the real pipeline with a fake service: status codes, query parsing, body shapes.</summary>
public sealed class ContainerEndpointsTests : IAsyncLifetime
{
    readonly FakeContainerService _containers = new();
    WebApplication _app = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IImageService>(new FakeImageService());
        builder.Services.AddSingleton<IEventService>(new FakeEventService());
        builder.Services.AddSingleton<ISystemService>(new FakeSystemService());
        builder.Services.AddSingleton<IContainerService>(_containers);
        builder.Services.AddWharfServer();
        _app = builder.Build();
        _app.UseWharfApi();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    async Task<(HttpResponseMessage Response, string Body)> SendAsync(string method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        var response = await _client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_answers_201_with_id_and_warnings_and_passes_the_name()
    {
        var (response, body) = await SendAsync("POST", "/v1.41/containers/create?name=web", """{"Image":"busybox","Cmd":["echo","hi"]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{{\"Id\":\"{FakeContainerService.KnownId.Value}\",\"Warnings\":[]}}\n", body);
        Assert.Equal("web", _containers.Created!.Name);
        Assert.Equal(["echo", "hi"], _containers.Created.Config.Cmd!);
    }

    [Theory]
    [InlineData(StartOutcome.Started, HttpStatusCode.NoContent)]
    [InlineData(StartOutcome.AlreadyRunning, HttpStatusCode.NotModified)]
    public async Task Start_answers_204_or_304(StartOutcome outcome, HttpStatusCode expected)
    {
        _containers.StartOutcome = outcome;
        var (response, body) = await SendAsync("POST", "/containers/web/start");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task Stop_passes_t_and_signal_and_answers_304_when_already_stopped()
    {
        _containers.StopOutcome = StopOutcome.AlreadyStopped;
        var (response, _) = await SendAsync("POST", "/containers/web/stop?t=3&signal=SIGINT");
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(new StopRequest(3, "SIGINT"), _containers.Stopped);
    }

    [Fact]
    public async Task A_malformed_timeout_is_400()
    {
        var (response, body) = await SendAsync("POST", "/containers/web/stop?t=soon");
        Wire.AssertError(response, body, 400, "strconv.Atoi: parsing \"soon\": invalid syntax");
    }

    [Fact]
    public async Task Unknown_containers_are_404_with_dockerd_text()
    {
        var (response, body) = await SendAsync("POST", "/containers/nope/kill");
        Wire.AssertError(response, body, 404, "No such container: nope");
    }

    [Theory]
    [InlineData("POST", "/containers/web/kill?signal=USR1", "kill USR1 web")]
    [InlineData("POST", "/containers/web/restart?t=1", "restart t=1 web")]
    [InlineData("POST", "/containers/web/pause", "pause web")]
    [InlineData("POST", "/containers/web/unpause", "unpause web")]
    [InlineData("POST", "/containers/web/rename?name=db", "rename db web")]
    public async Task Lifecycle_routes_answer_204(string method, string url, string call)
    {
        var (response, body) = await SendAsync(method, url);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", body);
        Assert.Equal([call], _containers.Calls);
    }

    [Fact]
    public async Task Resize_answers_200_and_passes_h_and_w()
    {
        var (response, _) = await SendAsync("POST", "/containers/web/resize?h=30&w=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["resize 30x100 web"], _containers.Calls);
    }

    [Fact]
    public async Task Delete_passes_force_and_v()
    {
        var (response, _) = await SendAsync("DELETE", "/containers/web?force=1&v=true");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new RemoveRequest(true, true), _containers.Removed);
    }

    [Fact]
    public async Task List_parses_the_query_and_shows_the_summary_shape()
    {
        var (response, body) = await SendAsync("GET", "/containers/json?all=1&limit=2&size=true&filters=%7B%22status%22%3A%5B%22running%22%5D%7D");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(_containers.Listed is { All: true, Limit: 2, Size: true });
        Assert.Equal(["running"], _containers.Listed!.Filters.Get("status"));
        var c = JsonDocument.Parse(body).RootElement[0];
        Assert.Equal(FakeContainerService.KnownId.Value, c.GetProperty("Id").GetString());
        Assert.Equal("/web", c.GetProperty("Names")[0].GetString());
        Assert.Equal("sh -c 'sleep 9'", c.GetProperty("Command").GetString());
        Assert.Equal("running", c.GetProperty("State").GetString());
        Assert.Equal("Up 2 seconds", c.GetProperty("Status").GetString());
        Assert.Equal("v", c.GetProperty("Labels").GetProperty("k").GetString());
        Assert.False(c.TryGetProperty("SizeRw", out _));
    }

    [Fact]
    public async Task Inspect_shows_state_config_and_host_config()
    {
        var (response, body) = await SendAsync("GET", "/containers/web/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = JsonDocument.Parse(body).RootElement;
        Assert.Equal("/web", c.GetProperty("Name").GetString());
        Assert.Equal("sh", c.GetProperty("Path").GetString());
        Assert.Equal("running", c.GetProperty("State").GetProperty("Status").GetString());
        Assert.Equal(42, c.GetProperty("State").GetProperty("Pid").GetInt32());
        Assert.Equal("0001-01-01T00:00:00Z", c.GetProperty("State").GetProperty("FinishedAt").GetString());
        Assert.Equal("busybox", c.GetProperty("Config").GetProperty("Image").GetString());
        Assert.Equal("bridge", c.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("ExecIDs").ValueKind);
    }

    [Fact]
    public async Task Changes_lists_paths_with_their_kind()
    {
        var (response, body) = await SendAsync("GET", "/containers/web/changes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[{\"Path\":\"/tmp\",\"Kind\":0},{\"Path\":\"/tmp/new\",\"Kind\":1}]\n", body);
    }

    [Fact]
    public async Task Commit_maps_the_query_and_answers_201_with_the_image_id()
    {
        var (response, body) = await SendAsync("POST",
            "/v1.41/commit?author=gt+author&changes=CMD+%5B%22sh%22%5D&changes=ENV+COMMITTED%3D1&comment=golden+commit&container=web&repo=docker.io%2Flibrary%2Fgtcap-commit&tag=v1");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{\"Id\":\"sha256:" + new string('c', 64) + "\"}\n", body);
        var c = _containers.Committed!;
        Assert.Equal(("web", "docker.io/library/gtcap-commit", "v1", "gt author", "golden commit", true),
            (c.Container, c.Repository, c.Tag, c.Author, c.Comment, c.Pause));
        Assert.Equal(["CMD [\"sh\"]", "ENV COMMITTED=1"], c.Changes!);
        Assert.Null(c.Config);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("&pause=", true)]
    [InlineData("&pause=1", true)]
    [InlineData("&pause=0", false)]
    [InlineData("&pause=false", false)]
    public async Task Commit_pauses_unless_told_not_to(string query, bool pause)
    {
        var (response, _) = await SendAsync("POST", "/v1.41/commit?container=web" + query);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(pause, _containers.Committed!.Pause);
        Assert.Null(_containers.Committed.Repository);
    }

    [Fact]
    public async Task Commit_reads_a_config_body_and_404s_an_unknown_container()
    {
        var (response, _) = await SendAsync("POST", "/v1.41/commit?container=web", """{"Cmd":["cat"],"Env":["A=1"]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["cat"], _containers.Committed!.Config!.Cmd!);
        Assert.Equal(["A=1"], _containers.Committed.Config.Env!);

        var (missing, body) = await SendAsync("POST", "/v1.41/commit?container=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("{\"message\":\"No such container: nope\"}\n", body);
    }

    [Fact]
    public async Task Update_maps_given_fields_and_answers_null_warnings()
    {
        var (response, body) = await SendAsync("POST", "/containers/web/update",
            """{"Memory":67108864,"MemorySwap":134217728,"CpuShares":null,"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"Warnings\":null}\n", body);
        Assert.Equal(67108864, _containers.Updated!.Resources!.Memory);
        Assert.Equal(134217728, _containers.Updated.Resources.MemorySwap);
        Assert.Equal(0, _containers.Updated.Resources.CpuShares);
        Assert.Equal(new RestartPolicy("on-failure", 2), _containers.Updated.RestartPolicy);
    }

    [Fact]
    public async Task Update_of_the_restart_policy_alone_leaves_resources_alone()
    {
        await SendAsync("POST", "/containers/web/update", """{"RestartPolicy":{"Name":"always"}}""");
        Assert.Null(_containers.Updated!.Resources);
    }

    [Fact]
    public async Task Prune_with_nothing_removed_sends_null()
    {
        var (_, body) = await SendAsync("POST", "/containers/prune");
        Assert.Equal("{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}\n", body);
    }

    [Fact]
    public async Task Wait_sends_headers_before_the_exit_and_the_body_after()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/containers/web/wait?condition=removed");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["wait Removed web"], _containers.Calls);
        _containers.Wait.SetResult(new WaitResult(3, null));
        Assert.Equal("{\"Error\":null,\"StatusCode\":3}\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logs_are_framed_without_a_tty_and_have_no_content_type()
    {
        _containers.Logs = [new LogEntry(StdStream.Stdout, DateTimeOffset.UnixEpoch, "out\n"u8.ToArray()), new LogEntry(StdStream.Stderr, DateTimeOffset.UnixEpoch, "err\n"u8.ToArray())];
        var response = await _client.GetAsync("/containers/web/logs?stdout=1&stderr=1&tail=all");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 4, .. "out\n"u8.ToArray(), 2, 0, 0, 0, 0, 0, 0, 4, .. "err\n"u8.ToArray()], bytes);
        Assert.Equal(-1, _containers.LogsAsked!.Tail);
    }

    [Fact]
    public async Task Logs_of_a_tty_container_are_raw_with_timestamps_when_asked()
    {
        _containers.Tty = true;
        _containers.Logs = [new LogEntry(StdStream.Stdout, DateTimeOffset.UnixEpoch, "out\n"u8.ToArray())];
        var body = await (await _client.GetAsync("/containers/web/logs?stdout=1&timestamps=1&tail=5")).Content.ReadAsStringAsync();
        Assert.Equal("1970-01-01T00:00:00.000000000Z out\n", body);
        Assert.Equal(5, _containers.LogsAsked!.Tail);
    }

    [Fact]
    public async Task Logs_without_a_stream_is_400()
    {
        var (response, body) = await SendAsync("GET", "/containers/web/logs");
        Wire.AssertError(response, body, 400, "Bad parameters: you must choose at least one stream");
    }
}
