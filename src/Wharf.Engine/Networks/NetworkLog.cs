using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Networks;

/// <summary>Source-generated log messages of the network layer.</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "releasing the network of container {ContainerId} failed")]
    public static partial void ReleaseFailed(ILogger logger, string containerId, Exception error);
}
