namespace Wharf.Engine.Events;

/// <summary>An event with its place in the bus's total order; the sequence number is the journal's primary key.</summary>
internal readonly record struct RecordedEvent(long Sequence, EngineEvent Event);
