using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Storage;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Events;

public sealed class EventBusTests : IAsyncLifetime
{
    static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    readonly string _dir = Path.Combine(Path.GetTempPath(), "wharf-events-" + Guid.NewGuid().ToString("N"));
    readonly ManualTimeProvider _clock = new();
    readonly List<EventBus> _buses = [];
    WharfDatabase _database = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _database = new WharfDatabase(Path.Combine(_dir, "wharf.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var bus in _buses) await bus.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    async Task<EventBus> NewBusAsync(int journalCapacity = EventBus.JournalCapacity)
    {
        var bus = new EventBus(_database, _clock, NullLogger.Instance, journalCapacity);
        _buses.Add(bus);
        await bus.InitializeAsync(CancellationToken.None);
        return bus;
    }

    static EventQuery Query(DateTimeOffset? since = null, DateTimeOffset? until = null, FilterSet? filters = null) =>
        new(since, until, filters ?? FilterSet.Empty);

    static FilterSet Filter(string key, string value) => new(new Dictionary<string, IReadOnlyCollection<string>> { [key] = [value] });

    void Publish(EventBus bus, string action, string actor = "c1")
    {
        bus.Publish(EventType.Container, action, actor, new Dictionary<string, string> { ["name"] = actor });
        _clock.Advance(TimeSpan.FromSeconds(1));
    }

    static async Task<List<string>> ActionsAsync(IAsyncEnumerable<EngineEvent> events)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));   // a hang fails instead of stalling the run
        var actions = new List<string>();
        await foreach (var e in events.WithCancellation(guard.Token)) actions.Add(e.Action);
        Assert.False(guard.IsCancellationRequested, "the stream did not complete");
        return actions;
    }

    [Fact]
    public async Task Stamps_events_with_the_clock_in_unix_nanoseconds()
    {
        var bus = await NewBusAsync();
        var start = _clock.GetUtcNow();
        bus.Publish(EventType.Image, "tag", "sha256:1", new Dictionary<string, string> { ["name"] = "busybox:latest" });

        var e = Assert.Single(await ToListAsync(bus.SubscribeAsync(Query(since: start, until: start), CancellationToken.None)));

        Assert.Equal(start.ToUnixTimeMilliseconds() * 1_000_000, e.TimeNano);
        Assert.Equal((EventType.Image, "tag", "sha256:1", "busybox:latest", "local"), (e.Type, e.Action, e.ActorId, e.Attributes["name"], e.Scope));
    }

    [Fact]
    public async Task Replays_events_between_since_and_until_and_completes_when_until_is_past()
    {
        var bus = await NewBusAsync();
        var t0 = _clock.GetUtcNow();
        Publish(bus, "create");
        Publish(bus, "start");
        Publish(bus, "die");
        Publish(bus, "destroy");

        var actions = await ActionsAsync(bus.SubscribeAsync(Query(since: t0.AddSeconds(1), until: t0.AddSeconds(2)), CancellationToken.None));

        Assert.Equal(["start", "die"], actions);
        Assert.Equal(0, bus.ListenerCount);
    }

    [Fact]
    public async Task Replays_everything_up_to_until_when_only_until_is_given()
    {
        var bus = await NewBusAsync();
        var t0 = _clock.GetUtcNow();
        Publish(bus, "create");
        Publish(bus, "start");

        Assert.Equal(["create"], await ActionsAsync(bus.SubscribeAsync(Query(until: t0), CancellationToken.None)));
    }

    [Fact]
    public async Task Without_since_only_live_events_arrive_until_the_subscriber_leaves()
    {
        var bus = await NewBusAsync();
        Publish(bus, "before");
        using var cts = new CancellationTokenSource();
        var stream = bus.SubscribeAsync(Query(), cts.Token).GetAsyncEnumerator(cts.Token);
        var next = stream.MoveNextAsync();
        Assert.Equal(1, bus.ListenerCount);

        Publish(bus, "live");
        Assert.True(await next);
        Assert.Equal("live", stream.Current.Action);

        next = stream.MoveNextAsync();
        await cts.CancelAsync();
        Assert.False(await next);
        await stream.DisposeAsync();
        Assert.Equal(0, bus.ListenerCount);
    }

    [Fact]
    public async Task A_future_until_ends_the_live_stream_when_the_clock_passes_it()
    {
        var bus = await NewBusAsync();
        var t0 = _clock.GetUtcNow();
        Publish(bus, "replayed");
        var stream = bus.SubscribeAsync(Query(since: t0, until: t0.AddSeconds(10)), CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("replayed", stream.Current.Action);
        var next = stream.MoveNextAsync();
        Publish(bus, "live");
        Assert.True(await next);
        Assert.Equal("live", stream.Current.Action);

        next = stream.MoveNextAsync();
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await stream.DisposeAsync();
        Assert.Equal(0, bus.ListenerCount);
    }

    [Fact]
    public async Task Events_published_between_replay_and_reading_arrive_once()
    {
        var bus = await NewBusAsync();
        var t0 = _clock.GetUtcNow();
        Publish(bus, "one");
        using var cts = new CancellationTokenSource();
        var stream = bus.SubscribeAsync(Query(since: t0), cts.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());   // the snapshot is taken and the subscriber registered now
        Publish(bus, "two");
        Publish(bus, "three");

        var actions = new List<string> { stream.Current.Action };
        while (actions.Count < 3 && await stream.MoveNextAsync()) actions.Add(stream.Current.Action);
        var extra = stream.MoveNextAsync();

        Assert.Equal(["one", "two", "three"], actions);
        Assert.False(extra.IsCompleted);   // nothing more: no duplicate of "one"
        await cts.CancelAsync();
        Assert.False(await extra);
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task Applies_filters_to_replayed_and_live_events()
    {
        var bus = await NewBusAsync();
        var t0 = _clock.GetUtcNow();
        Publish(bus, "start", "web");
        Publish(bus, "start", "db");
        Publish(bus, "stop", "web");

        var actions = await ActionsAsync(bus.SubscribeAsync(Query(since: t0, until: _clock.GetUtcNow(), filters: Filter("container", "web")), CancellationToken.None));

        Assert.Equal(["start", "stop"], actions);
    }

    [Fact]
    public async Task A_bad_filter_throws_before_streaming()
    {
        var bus = await NewBusAsync();

        var e = Assert.Throws<EngineException>(() => bus.SubscribeAsync(Query(filters: Filter("nope", "x")), CancellationToken.None));

        Assert.Equal("Invalid filter 'nope'", e.Message);
        Assert.Equal(0, bus.ListenerCount);
    }

    [Fact]
    public async Task Events_survive_a_restart_on_the_same_database()
    {
        var t0 = _clock.GetUtcNow();
        var first = await NewBusAsync();
        Publish(first, "create");
        first.Publish(EventType.Volume, "mount", "vol", new Dictionary<string, string> { ["driver"] = "local" });
        await first.DisposeAsync();

        var second = await NewBusAsync();
        Publish(second, "after-restart");
        var events = await ToListAsync(second.SubscribeAsync(Query(since: t0, until: _clock.GetUtcNow()), CancellationToken.None));

        Assert.Equal(["create", "mount", "after-restart"], events.Select(e => e.Action));
        Assert.Equal("local", events[1].Attributes["driver"]);
        Assert.Equal(EventType.Volume, events[1].Type);
    }

    [Fact]
    public async Task Replays_from_the_journal_what_no_longer_fits_in_the_ring()
    {
        var t0 = _clock.GetUtcNow();
        var first = await NewBusAsync();
        for (var i = 0; i < EventBus.RingCapacity + 100; i++) first.Publish(EventType.Container, "e" + i, "c", NoAttributes);
        await first.DisposeAsync();

        var second = await NewBusAsync();
        var actions = await ActionsAsync(second.SubscribeAsync(Query(since: t0, until: t0), CancellationToken.None));

        Assert.Equal(EventBus.RingCapacity + 100, actions.Count);
        Assert.Equal(Enumerable.Range(0, EventBus.RingCapacity + 100).Select(i => "e" + i), actions);
    }

    [Fact]
    public async Task The_journal_keeps_only_the_newest_rows()
    {
        var bus = await NewBusAsync(journalCapacity: 100);
        for (var i = 0; i < 1200; i++) bus.Publish(EventType.Container, "e" + i, "c", NoAttributes);
        await bus.DisposeAsync();

        var journal = new EventJournal(_database, 100);
        var kept = await journal.LoadNewestAsync(10_000, CancellationToken.None);
        Assert.InRange(kept.Count, 100, 100 + 500 + 256);   // trimmed in batches, never below the capacity
        Assert.Equal("e1199", kept[^1].Event.Action);
        Assert.Equal(kept.Select(k => k.Sequence).Order(), kept.Select(k => k.Sequence));
    }

    [Fact]
    public async Task A_subscriber_that_falls_far_behind_is_dropped_without_stalling_the_publisher()
    {
        var bus = await NewBusAsync();
        var stream = bus.SubscribeAsync(Query(), CancellationToken.None).GetAsyncEnumerator();
        var first = stream.MoveNextAsync();
        Assert.Equal(1, bus.ListenerCount);

        // The reader may take one event off the queue while the publisher runs, so two more than it holds.
        for (var i = 0; i < EventBus.SubscriberQueue + 2; i++) bus.Publish(EventType.Container, "e" + i, "c", NoAttributes);

        Assert.Equal(0, bus.ListenerCount);
        var received = 0;
        if (await first) received++;
        while (await stream.MoveNextAsync()) received++;
        Assert.InRange(received, EventBus.SubscriberQueue, EventBus.SubscriberQueue + 1);   // what was queued arrives, then the stream ends
    }

    [Fact]
    public async Task An_in_memory_bus_works_without_initialisation()
    {
        var bus = new EventBus(_clock, NullLogger<EventBus>.Instance);
        var t0 = _clock.GetUtcNow();
        Publish(bus, "start");

        Assert.Equal(["start"], await ActionsAsync(bus.SubscribeAsync(Query(since: t0, until: _clock.GetUtcNow()), CancellationToken.None)));
    }

    [Fact]
    public async Task A_journaled_bus_refuses_to_publish_before_it_is_initialised()
    {
        await using var bus = new EventBus(_database, _clock, NullLogger<EventBus>.Instance);

        Assert.Throws<InvalidOperationException>(() => bus.Publish(EventType.Container, "start", "c", NoAttributes));
    }

    static async Task<List<EngineEvent>> ToListAsync(IAsyncEnumerable<EngineEvent> events)
    {
        var list = new List<EngineEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }
}
