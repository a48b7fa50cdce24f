using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Events;

/// <summary>
/// The daemon's event bus. Recent events live in a ring (the newest <see cref="RingCapacity"/>) and in a SQLite
/// journal (the newest <see cref="JournalCapacity"/>), so <c>since</c> replays work across restarts. Publishing
/// never waits: each subscriber has a bounded queue and is dropped, with a warning, when it falls that far behind;
/// the journal is written in batches by a background writer.
/// </summary>
public sealed class EventBus : IEventService, IAsyncDisposable
{
    public const int RingCapacity = 1024;
    public const int JournalCapacity = 10_000;
    internal const int SubscriberQueue = 1024;
    const int BatchSize = 256;
    const int TrimEvery = 500;

    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly EventJournal? _journal;
    readonly Lock _gate = new();
    readonly Queue<RecordedEvent> _ring = new(RingCapacity);
    readonly HashSet<Subscriber> _subscribers = [];
    readonly Channel<RecordedEvent> _pending = Channel.CreateUnbounded<RecordedEvent>(new UnboundedChannelOptions { SingleReader = true });
    Task? _writer;
    long _nextSequence = 1;
    bool _ready;

    /// <summary>A bus with a journal in <paramref name="database"/>; call <see cref="InitializeAsync"/> before publishing.</summary>
    public EventBus(WharfDatabase database, TimeProvider time, ILogger<EventBus> logger)
        : this((EventJournal?)new EventJournal(database, JournalCapacity), time, logger)
    {
    }

    /// <summary>A journaled bus that keeps <paramref name="journalCapacity"/> rows, so tests can see trimming without 10,000 writes.</summary>
    internal EventBus(WharfDatabase database, TimeProvider time, ILogger logger, int journalCapacity)
        : this((EventJournal?)new EventJournal(database, journalCapacity), time, logger)
    {
    }

    /// <summary>A bus that keeps events in memory only (nothing survives a restart); usable at once.</summary>
    public EventBus(TimeProvider time, ILogger<EventBus> logger)
        : this((EventJournal?)null, time, logger)
    {
        _ready = true;
    }

    EventBus(EventJournal? journal, TimeProvider time, ILogger logger)
    {
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    public int ListenerCount
    {
        get
        {
            lock (_gate) return _subscribers.Count;
        }
    }

    /// <summary>Creates the journal table, loads the newest events into the ring and starts the journal writer.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (_journal is null || _writer is not null) return;
        await _journal.MigrateAsync(ct);
        var recent = await _journal.LoadNewestAsync(RingCapacity, ct);
        lock (_gate)
        {
            foreach (var e in recent) _ring.Enqueue(e);
            if (recent.Count > 0) _nextSequence = recent[^1].Sequence + 1;
            _ready = true;
        }
        _writer = Task.Run(() => WriteJournalAsync(_journal), CancellationToken.None);
    }

    public void Publish(EventType type, string action, string actorId, IReadOnlyDictionary<string, string> attributes)
    {
        var now = _time.GetUtcNow();
        var e = new EngineEvent(type, action, actorId, new Dictionary<string, string>(attributes), UnixNanos(now));
        List<Subscriber>? dropped = null;
        lock (_gate)
        {
            if (!_ready) throw new InvalidOperationException("EventBus.InitializeAsync must complete before events are published");
            var recorded = new RecordedEvent(_nextSequence++, e);
            if (_ring.Count == RingCapacity) _ring.Dequeue();
            _ring.Enqueue(recorded);
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.Queue.Writer.TryWrite(recorded)) continue;
                (dropped ??= []).Add(subscriber);
            }
            if (dropped is not null)
            {
                foreach (var subscriber in dropped)
                {
                    _subscribers.Remove(subscriber);
                    subscriber.Queue.Writer.TryComplete();
                }
            }
            if (_journal is not null) _pending.Writer.TryWrite(recorded);
        }
        if (dropped is not null) EventLog.SubscriberDropped(_logger, SubscriberQueue);
    }

    public IAsyncEnumerable<EngineEvent> SubscribeAsync(EventQuery query, CancellationToken ct)
    {
        // Eagerly, so that a bad filter fails the request before a single byte of the stream is written.
        EventFilter.Validate(query.Filters);
        return StreamAsync(query, ct);
    }

    async IAsyncEnumerable<EngineEvent> StreamAsync(EventQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var since = query.Since is { } s ? UnixNanos(s) : (long?)null;
        var until = query.Until is { } u ? UnixNanos(u) : (long?)null;
        var untilPassed = until is { } limit && limit <= UnixNanos(_time.GetUtcNow());

        RecordedEvent[] replay;
        var subscriber = untilPassed ? null : new Subscriber();
        lock (_gate)
        {
            // One lock for the snapshot and the registration: every event is either replayed or delivered live, never both.
            replay = since is null && until is null ? [] : [.. _ring];
            if (subscriber is not null) _subscribers.Add(subscriber);
        }
        try
        {
            if (replay.Length > 0 || (since is not null && _journal is not null))
            {
                foreach (var e in await OlderThanRingAsync(since, replay, ct))
                    if (InWindow(e.Event, since, until) && EventFilter.Matches(query.Filters, e.Event)) yield return e.Event;
                foreach (var e in replay)
                    if (InWindow(e.Event, since, until) && EventFilter.Matches(query.Filters, e.Event)) yield return e.Event;
            }
            if (subscriber is null) yield break;

            using var deadline = until is { } end ? new CancellationTokenSource(TimeUntil(end), _time) : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline?.Token ?? CancellationToken.None);
            while (await WaitAsync(subscriber.Queue.Reader, stop.Token))
            {
                while (subscriber.Queue.Reader.TryRead(out var live))
                {
                    if (until is { } last && live.Event.TimeNano > last) yield break;
                    if (since is { } first && live.Event.TimeNano < first) continue;
                    if (EventFilter.Matches(query.Filters, live.Event)) yield return live.Event;
                }
            }
        }
        finally
        {
            if (subscriber is not null)
            {
                lock (_gate) _subscribers.Remove(subscriber);
            }
        }
    }

    /// <summary>Journal rows that left the ring but are still wanted by <paramref name="since"/>; only asked for when the ring is full.</summary>
    async Task<List<RecordedEvent>> OlderThanRingAsync(long? since, RecordedEvent[] ring, CancellationToken ct)
    {
        if (_journal is null || since is null || ring.Length < RingCapacity) return [];
        var oldest = ring[0];
        if (since.Value > oldest.Event.TimeNano) return [];   // equal: older events may share the oldest one's time
        return await _journal.LoadRangeAsync(since.Value, oldest.Sequence, ct);
    }

    TimeSpan TimeUntil(long untilNano)
    {
        var left = TimeSpan.FromTicks((untilNano - UnixNanos(_time.GetUtcNow())) / 100);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    static bool InWindow(EngineEvent e, long? since, long? until) =>
        (since is null || e.TimeNano >= since) && (until is null || e.TimeNano <= until);

    static async ValueTask<bool> WaitAsync(ChannelReader<RecordedEvent> reader, CancellationToken ct)
    {
        try
        {
            return await reader.WaitToReadAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;   // until reached or the subscriber went away: the stream simply ends
        }
    }

    async Task WriteJournalAsync(EventJournal journal)
    {
        var batch = new List<RecordedEvent>(BatchSize);
        var sinceTrim = 0;
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && reader.TryRead(out var e)) batch.Add(e);
            sinceTrim += batch.Count;
            var trim = sinceTrim >= TrimEvery;
            try
            {
                await journal.AppendAsync(batch, trim, CancellationToken.None);
                if (trim) sinceTrim = 0;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // The live stream and the ring still work; only replay after a restart loses these events.
                EventLog.JournalWriteFailed(_logger, batch.Count, e);
            }
            batch.Clear();
        }
    }

    /// <summary>Stops the journal writer after it has written everything published so far.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_writer is not null) await _writer;
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Queue.Writer.TryComplete();
        }
    }

    internal static long UnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    sealed class Subscriber
    {
        public Channel<RecordedEvent> Queue { get; } = Channel.CreateBounded<RecordedEvent>(
            new BoundedChannelOptions(SubscriberQueue) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    }
}
