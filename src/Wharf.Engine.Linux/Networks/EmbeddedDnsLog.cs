using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Linux.Networks;

/// <summary>Logs of the embedded DNS server (ids 2130–2149).</summary>
internal static partial class EmbeddedDnsLog
{
    [LoggerMessage(2130, LogLevel.Debug, "Embedded DNS serving container {ContainerId} in {NamespacePath}")]
    public static partial void Serving(ILogger logger, string containerId, string namespacePath);

    [LoggerMessage(2131, LogLevel.Debug, "Embedded DNS stopped for container {ContainerId}")]
    public static partial void Stopped(ILogger logger, string containerId);

    [LoggerMessage(2132, LogLevel.Warning, "Embedded DNS of container {ContainerId}: {Reason}")]
    public static partial void ServeFailed(ILogger logger, string containerId, string reason);

    [LoggerMessage(2133, LogLevel.Warning, "Embedded DNS: more than {Limit} queries in flight, dropping one for container {ContainerId}")]
    public static partial void TooManyQueries(ILogger logger, int limit, string containerId);
    // next free id: 2134
}
