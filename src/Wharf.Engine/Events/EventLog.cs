using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Events;

/// <summary>Logs of the event bus (ids 1300–1349).</summary>
internal static partial class EventLog
{
    [LoggerMessage(1300, LogLevel.Warning, "Dropped an event subscriber that fell {Queue} events behind; its stream ends")]
    public static partial void SubscriberDropped(ILogger logger, int queue);

    [LoggerMessage(1301, LogLevel.Error, "Could not write {Count} events to the journal; they will not be replayed after a restart")]
    public static partial void JournalWriteFailed(ILogger logger, int count, Exception exception);
    // next free id: 1302
}
