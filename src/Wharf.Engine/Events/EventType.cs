namespace Wharf.Engine.Events;

/// <summary>The kind of object an event is about; persisted as its number, so values never change.</summary>
public enum EventType : byte
{
    Container = 1,
    Image = 2,
    Volume = 3,
    Network = 4,
    Daemon = 5,
    Plugin = 6,
}
