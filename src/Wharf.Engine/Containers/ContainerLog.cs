using Microsoft.Extensions.Logging;

namespace Wharf.Engine.Containers;

/// <summary>Container log messages; ids 1000–1049.</summary>
internal static partial class ContainerLog
{
    [LoggerMessage(1000, LogLevel.Information, "Container {ContainerId} started with pid {Pid}")]
    public static partial void Started(ILogger logger, ContainerId containerId, int pid);

    [LoggerMessage(1001, LogLevel.Information, "Container {ContainerId} exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, ContainerId containerId, int exitCode);

    [LoggerMessage(1002, LogLevel.Warning, "Container {ContainerId} did not stop within {Timeout}; sending SIGKILL")]
    public static partial void Escalating(ILogger logger, ContainerId containerId, TimeSpan timeout);

    [LoggerMessage(1003, LogLevel.Warning, "Cleaning up container {ContainerId} failed at {Step}")]
    public static partial void CleanupFailed(ILogger logger, ContainerId containerId, string step, Exception error);

    [LoggerMessage(1004, LogLevel.Error, "Handling an exit of container {ContainerId} failed")]
    public static partial void ExitHandlingFailed(ILogger logger, ContainerId containerId, Exception error);

    [LoggerMessage(1005, LogLevel.Information, "Restarting container {ContainerId} in {Delay} (restart {Count})")]
    public static partial void RestartScheduled(ILogger logger, ContainerId containerId, TimeSpan delay, int count);

    [LoggerMessage(1006, LogLevel.Warning, "Restarting container {ContainerId} failed")]
    public static partial void RestartFailed(ILogger logger, ContainerId containerId, Exception error);

    [LoggerMessage(1007, LogLevel.Information, "Restored container {ContainerId} as {Status}")]
    public static partial void Restored(ILogger logger, ContainerId containerId, ContainerStatus status);

    [LoggerMessage(1008, LogLevel.Warning, "Restoring container {ContainerId} failed")]
    public static partial void RestoreFailed(ILogger logger, ContainerId containerId, Exception error);

    [LoggerMessage(1009, LogLevel.Warning, "Health probe of container {ContainerId} failed to run")]
    public static partial void ProbeFailed(ILogger logger, ContainerId containerId, Exception error);

    [LoggerMessage(1010, LogLevel.Error, "The runtime's exit stream ended with an error")]
    public static partial void ExitStreamFailed(ILogger logger, Exception error);
}
