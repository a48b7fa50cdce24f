using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Linux.Layers;

/// <summary>Logs of the layer applier (ids 1400–1449).</summary>
internal static partial class LayerLog
{
    [LoggerMessage(1400, LogLevel.Debug, "Skipping device node {Entry}: creating device nodes needs root")]
    public static partial void SkippedDevice(ILogger logger, string entry);

    [LoggerMessage(1401, LogLevel.Debug, "Ignoring extended attribute {Name} on {Entry} when not root: {Reason}")]
    public static partial void SkippedXattr(ILogger logger, string name, string entry, string reason);

    [LoggerMessage(1402, LogLevel.Debug, "Marking {Directory} opaque with user.overlay.opaque: trusted.* needs root")]
    public static partial void UserOpaque(ILogger logger, string directory);
    [LoggerMessage(1403, LogLevel.Warning, "Extended attribute {Name} on {Entry} has a binary value the tar reader cannot keep; it is not applied")]
    public static partial void BinaryXattrLost(ILogger logger, string name, string entry);
    // next free id: 1404
}
