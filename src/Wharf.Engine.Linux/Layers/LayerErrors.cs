namespace Wharf.Engine.Linux.Layers;

/// <summary>The ways a layer tar can be refused; each names the entry so the user can find it.</summary>
internal static class LayerErrors
{
    public static EngineException Escapes(string name) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": path escapes the layer directory");

    public static EngineException ThroughSymlink(string name, string link, string target) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": refusing to follow symlink \"{link}\" -> \"{target}\" that leads outside the layer directory");

    public static EngineException InvalidSymlink(string name, string target) =>
        EngineException.Invalid($"invalid symlink \"{name}\" -> \"{target}\": target escapes the layer directory");

    public static EngineException InvalidHardlink(string name, string target) =>
        EngineException.Invalid($"invalid hardlink \"{name}\" -> \"{target}\": target is not an earlier entry of this layer");

    public static EngineException MissingParent(string name) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": a parent directory does not exist");

    public static EngineException NotADirectory(string name, string parent) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": \"{parent}\" is not a directory");

    public static EngineException TooManyLinks(string name) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": too many levels of symbolic links");

    public static EngineException Unsupported(string name, System.Formats.Tar.TarEntryType type) =>
        EngineException.Invalid($"invalid tar entry \"{name}\": unsupported entry type {type}");

    public static EngineException Malformed(string message, Exception inner) =>
        new(ErrorKind.InvalidArgument, $"invalid layer tar: {message}", inner);

    public static EngineException Failed(string name, Exception inner) =>
        new(ErrorKind.Internal, $"failed to apply tar entry \"{name}\": {inner.Message}", inner);
}
