namespace Wharf.Engine.Events;

/// <summary>Docker's names for event types (<c>container</c>, <c>image</c>…), as the wire and the <c>type</c> filter use them.</summary>
public static class EventTypeNames
{
    public static string Name(EventType type) => type switch
    {
        EventType.Container => "container",
        EventType.Image => "image",
        EventType.Volume => "volume",
        EventType.Network => "network",
        EventType.Daemon => "daemon",
        EventType.Plugin => "plugin",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown event type"),
    };
}
