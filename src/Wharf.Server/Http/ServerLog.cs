using Microsoft.Extensions.Logging;

namespace Wharf.Server.Http;

/// <summary>The server's log messages; ids 1800-1899.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1800, LogLevel.Error, "{Method} {Path} failed")]
    public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(1801, LogLevel.Debug, "{Method} {Path}: the client went away (499)")]
    public static partial void ClientGone(ILogger logger, string method, string path);

    [LoggerMessage(1802, LogLevel.Warning, "{Method} {Path} failed after the response started; closing the connection")]
    public static partial void FailedAfterStart(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(1803, LogLevel.Debug, "{Method} {Path} -> {Status}: {Message}")]
    public static partial void EngineError(ILogger logger, string method, string path, int status, string message);

    [LoggerMessage(1804, LogLevel.Warning, "{Method} {Path}: a stream ended with an error: {Message}")]
    public static partial void StreamFailed(ILogger logger, string method, string path, string message);
    // next free id: 1805
}
