namespace Wharf.Engine.Events;

/// <summary>One thing that happened, as the event bus records it; <see cref="TimeNano"/> is unix nanoseconds.</summary>
public sealed record EngineEvent(
    EventType Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes,
    long TimeNano,
    string Scope = "local");
