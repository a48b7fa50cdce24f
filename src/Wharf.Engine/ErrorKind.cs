namespace Wharf.Engine;

/// <summary>What went wrong, in the engine's terms; the server maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    Conflict,
    NotModified,
    Forbidden,
    Unavailable,
    NotImplemented,
    Internal,
}
