using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Linux.Networks;

/// <summary>Logs of the network plumbing (ids 1500–1549).</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(1500, LogLevel.Debug, "Attached {ContainerId} to {Network} as {Address} in {Elapsed} ms")]
    public static partial void Attached(ILogger logger, string containerId, string network, string address, long elapsed);

    [LoggerMessage(1501, LogLevel.Warning, "Undoing a stale attachment of {ContainerId} to {Network} failed: {Reason}")]
    public static partial void StaleDeleteFailed(ILogger logger, string containerId, string network, string reason);

    [LoggerMessage(1502, LogLevel.Debug, "Detached {ContainerId} from {Network} in {Elapsed} ms")]
    public static partial void Detached(ILogger logger, string containerId, string network, long elapsed);
}
