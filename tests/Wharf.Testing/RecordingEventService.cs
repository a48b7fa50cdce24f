using Wharf.Engine.Events;

namespace Wharf.Testing;

/// <summary>An <see cref="IEventService"/> that records what is published; subscribing replays the record.</summary>
public sealed class RecordingEventService : IEventService
{
    readonly List<EngineEvent> _events = [];

    public IReadOnlyList<EngineEvent> Events
    {
        get
        {
            lock (_events) return _events.ToList();
        }
    }

    public int ListenerCount => 0;

    public void Publish(EventType type, string action, string actorId, IReadOnlyDictionary<string, string> attributes)
    {
        lock (_events) _events.Add(new EngineEvent(type, action, actorId, attributes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000));
    }

    public async IAsyncEnumerable<EngineEvent> SubscribeAsync(EventQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var e in Events)
        {
            ct.ThrowIfCancellationRequested();
            yield return e;
        }
        await Task.CompletedTask;
    }
}
