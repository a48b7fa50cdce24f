namespace Wharf.Engine.Events;

/// <summary>The daemon's event bus: every subsystem publishes here, <c>GET /events</c> subscribes.</summary>
public interface IEventService
{
    /// <summary>Stamps the event with the current time, records it (recent events survive restarts) and fans it out.</summary>
    void Publish(EventType type, string action, string actorId, IReadOnlyDictionary<string, string> attributes);

    /// <summary>
    /// Replays recorded events from <c>Since</c>, then streams live ones; completes at <c>Until</c>
    /// (at once when it lies in the past) or when <paramref name="ct"/> is cancelled. Filters are validated
    /// before the first item, so a bad filter throws before anything is streamed.
    /// </summary>
    IAsyncEnumerable<EngineEvent> SubscribeAsync(EventQuery query, CancellationToken ct);

    /// <summary>How many subscribers are listening now (<c>NEventsListener</c> in <c>/info</c>).</summary>
    int ListenerCount { get; }
}
