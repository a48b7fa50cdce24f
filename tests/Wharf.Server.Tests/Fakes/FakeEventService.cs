using Wharf.Engine.Events;

namespace Wharf.Server.Tests.Fakes;

/// <summary>An event bus whose subscription is a settable function; records the queries it was asked.</summary>
public sealed class FakeEventService : IEventService
{
    public List<EventQuery> Queries { get; } = [];
    public Func<EventQuery, CancellationToken, IAsyncEnumerable<EngineEvent>> OnSubscribe { get; set; } = (_, _) => throw new InvalidOperationException("unexpected Subscribe");
    public int ListenerCount { get; set; }

    public void Publish(EventType type, string action, string actorId, IReadOnlyDictionary<string, string> attributes) =>
        throw new InvalidOperationException("the server never publishes");

    public IAsyncEnumerable<EngineEvent> SubscribeAsync(EventQuery query, CancellationToken ct)
    {
        Queries.Add(query);
        return OnSubscribe(query, ct);
    }
}
