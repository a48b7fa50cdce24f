namespace Wharf.Engine;

/// <summary>A failure the engine reports to its callers; the message is shown to users verbatim.</summary>
public sealed class EngineException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorKind Kind { get; } = kind;

    public static EngineException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
    public static EngineException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
    public static EngineException NotImplemented(string message) => new(ErrorKind.NotImplemented, message);
}
