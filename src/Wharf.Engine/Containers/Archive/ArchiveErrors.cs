namespace Wharf.Engine.Containers.Archive;

/// <summary>dockerd's messages for the archive endpoints.</summary>
internal static class ArchiveErrors
{
    public static EngineException NotFound(string path, string container) =>
        new(ErrorKind.NotFound, $"Could not find the file {path} in container {container}");

    public static EngineException TooManyLinks(string path) =>
        new(ErrorKind.InvalidArgument, $"too many links in {path}");

    public static EngineException ReadOnlyRootfs() =>
        new(ErrorKind.Internal, "container rootfs is marked read-only");

    public static EngineException ReadOnlyVolume() =>
        new(ErrorKind.Internal, "mounted volume is marked read-only");

    public static EngineException NotADirectory() =>
        new(ErrorKind.Internal, "extraction point is not a directory");

    public static EngineException NotADirectoryPath(string path) =>
        new(ErrorKind.InvalidArgument, $"lstat {path}: not a directory");

    public static EngineException DirWithNonDir(string dir, string entry) =>
        new(ErrorKind.Internal, $"cannot overwrite directory \"{dir}\" with non-directory \"{entry}\"");

    public static EngineException NonDirWithDir(string path, string entry) =>
        new(ErrorKind.Internal, $"cannot overwrite non-directory \"{path}\" with directory \"{entry}\"");

    public static EngineException BadTar(string detail) =>
        new(ErrorKind.Internal, $"Error processing tar file(exit status 1): {detail}");

    public static EngineException Breakout(string name) =>
        new(ErrorKind.Internal, $"Error processing tar file(exit status 1): invalid hardlink \"{name}\"");
}
