using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Images;

/// <summary>Image store log messages; ids 1100–1199.</summary>
internal static partial class ImageLog
{
    [LoggerMessage(1100, LogLevel.Information, "Loaded image {ImageId} with {Tags} tag(s)")]
    public static partial void Loaded(ILogger logger, string imageId, int tags);

    [LoggerMessage(1101, LogLevel.Information, "Deleted image {ImageId}, released {Layers} layer(s)")]
    public static partial void Deleted(ILogger logger, string imageId, int layers);

    [LoggerMessage(1102, LogLevel.Information, "Garbage collection removed {TempEntries} temp entries, {LayerDirs} layer directories, {Blobs} blobs")]
    public static partial void Collected(ILogger logger, int tempEntries, int layerDirs, int blobs);

    [LoggerMessage(1103, LogLevel.Warning, "Could not remove {Path} after it was released")]
    public static partial void RemoveFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(1104, LogLevel.Information, "Imported image {ImageId}")]
    public static partial void Imported(ILogger logger, string imageId);

    [LoggerMessage(1105, LogLevel.Information, "Committed image {ImageId} from container {ContainerId}")]
    public static partial void Committed(ILogger logger, string imageId, string containerId);
    // next free id: 1106
}
