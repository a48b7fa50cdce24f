using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Wharf.Engine;
using Wharf.Engine.Events;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests;

public sealed class EventsTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static readonly EngineEvent Die = new(EventType.Container, "die", "5d51a25bd795075d0f9b652d229d828bcea0541014e10f07f20dec450932d4a5",
        new Dictionary<string, string> { ["name"] = "zealous_brown", ["image"] = "busybox", ["gtcap"] = "1", ["exitCode"] = "0" },
        1796007866267679006);

    static readonly EngineEvent Tag = new(EventType.Image, "tag", Samples.TaggedId,
        new Dictionary<string, string> { ["name"] = "gtcap-tag:1" }, 1796007797726720797);

    static readonly EngineEvent Destroy = new(EventType.Network, "destroy", "5fe9ba43a4566ce200f1736a289876e1f6073df8b97fc0fc54d0521630aa15ed",
        new Dictionary<string, string> { ["type"] = "bridge", ["name"] = "acc-cli-prune-n" }, 1796007817872944229);

    [Fact]
    public void Events_map_as_dockerd_20_10_sends_them()
    {
        var json = (EngineEvent e) => System.Text.Encoding.UTF8.GetString(
            Http.JsonResponse<Api.Events.EventMessage>.Serialize(EventMapping.ToMessage(e), Http.WireJson.Context.EventMessage));
        // ENGINE-API-NOTES 5.4
        Assert.Equal(
            """{"status":"die","id":"5d51a25bd795075d0f9b652d229d828bcea0541014e10f07f20dec450932d4a5","from":"busybox","Type":"container","Action":"die","Actor":{"ID":"5d51a25bd795075d0f9b652d229d828bcea0541014e10f07f20dec450932d4a5","Attributes":{"exitCode":"0","gtcap":"1","image":"busybox","name":"zealous_brown"}},"scope":"local","time":1796007866,"timeNano":1796007866267679006}""" + "\n",
            json(Die));
        Assert.Equal(
            """{"status":"tag","id":"sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020","Type":"image","Action":"tag","Actor":{"ID":"sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020","Attributes":{"name":"gtcap-tag:1"}},"scope":"local","time":1796007797,"timeNano":1796007797726720797}""" + "\n",
            json(Tag));
        // GT 115, byte for byte
        Assert.Equal(
            """{"Type":"network","Action":"destroy","Actor":{"ID":"5fe9ba43a4566ce200f1736a289876e1f6073df8b97fc0fc54d0521630aa15ed","Attributes":{"name":"acc-cli-prune-n","type":"bridge"}},"scope":"local","time":1796007817,"timeNano":1796007817872944229}""" + "\n",
            json(Destroy));
    }

    [Theory]
    [InlineData("1796007025", 1796007025L, 0L)]
    [InlineData("1796007034.123456789", 1796007034L, 1234567L)]
    [InlineData("1796007034.5", 1796007034L, 5000000L)]
    [InlineData("0", 0L, 0L)]
    [InlineData("2026-11-30T02:50:26Z", 1796007026L, 0L)]
    [InlineData("2026-11-30T03:50:26.25+01:00", 1796007026L, 2500000L)]
    public void Since_and_until_accept_unix_seconds_and_rfc3339(string value, long seconds, long ticks)
    {
        var parsed = EventMapping.ParseTime(value, "since");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks), parsed);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("12.3.4")]
    [InlineData("1796007034.1234567890")]
    [InlineData("2026-11-30")]
    public void Malformed_times_are_invalid(string value)
    {
        var e = Assert.Throws<EngineException>(() => EventMapping.ParseTime(value, "until"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal($"invalid value for until: {value}", e.Message);
    }

    [Fact]
    public async Task Headers_are_flushed_before_the_first_event_then_one_event_per_line()
    {
        var feed = Channel.CreateUnbounded<EngineEvent>();
        var cancelled = new TaskCompletionSource();
        _app.Events.OnSubscribe = (_, ct) =>
        {
            ct.Register(() => cancelled.TrySetResult());
            return feed.Reader.ReadAllAsync(ct);
        };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.41/events?filters=%7B%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        var response = await _app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());

        var query = Assert.Single(_app.Events.Queries);
        Assert.Null(query.Since);
        Assert.Null(query.Until);
        Assert.Equal(["gtcap=1"], query.Filters.Get("label"));

        var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        await feed.Writer.WriteAsync(Die);
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("{\"status\":\"die\"", first, StringComparison.Ordinal);
        await feed.Writer.WriteAsync(Destroy);
        var second = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("{\"Type\":\"network\"", second, StringComparison.Ordinal);

        // A client that hangs up ends the subscription.
        response.Dispose();
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_stream_ends_when_the_bus_completes_at_until()
    {
        _app.Events.OnSubscribe = (_, ct) => Replay([Die, Tag], ct);
        var (response, body) = await _app.GetAsync("/v1.41/events?since=1796007025&until=1796007863.5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = body.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"status\":\"die\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"status\":\"tag\"", lines[1], StringComparison.Ordinal);
        Assert.Equal("", lines[2]);
        var query = Assert.Single(_app.Events.Queries);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796007025), query.Since);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796007863).AddMilliseconds(500), query.Until);
    }

    [Fact]
    public async Task An_empty_history_is_an_empty_200()
    {
        _app.Events.OnSubscribe = (_, ct) => Replay([], ct);
        var (response, body) = await _app.GetAsync("/v1.41/events?since=0&until=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task A_filter_the_bus_rejects_up_front_is_a_real_400()
    {
        _app.Events.OnSubscribe = (q, ct) => Validated(q, ct);
        var (response, body) = await _app.GetAsync("/v1.41/events?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D");
        Wire.AssertError(response, body, 400, "Invalid filter 'bogus'");
    }

    [Fact]
    public async Task Filters_in_list_form_and_bad_times_and_bad_json()
    {
        _app.Events.OnSubscribe = (_, ct) => Replay([], ct);
        var (response, _) = await _app.GetAsync("/v1.41/events?since=1796008022&until=1796008052&filters=%7B%22label%22%3A+%5B%22gtcap%3D1%22%5D%7D");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gtcap=1"], Assert.Single(_app.Events.Queries).Filters.Get("label"));

        var (bad, badBody) = await _app.GetAsync("/events?since=soon");
        Wire.AssertError(bad, badBody, 400, "invalid value for since: soon");

        var (badJson, _) = await _app.GetAsync("/events?filters=notjson");
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
    }

    static async IAsyncEnumerable<EngineEvent> Replay(EngineEvent[] events, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return e;
        }
    }

    // Like the real bus: validation runs before the first await, then it waits for live events.
    static async IAsyncEnumerable<EngineEvent> Validated(EventQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        query.Filters.Validate("type", "event", "label");
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }
}
