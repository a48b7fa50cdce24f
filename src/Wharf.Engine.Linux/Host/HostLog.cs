using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Linux.Host;

/// <summary>Logs of the host adapters (ids 1450–1499).</summary>
internal static partial class HostLog
{
    [LoggerMessage(1450, LogLevel.Debug, "Could not read the version of {Tool}: {Reason}")]
    public static partial void ToolVersionFailed(ILogger logger, string tool, string reason);
    // next free id: 1451
}
