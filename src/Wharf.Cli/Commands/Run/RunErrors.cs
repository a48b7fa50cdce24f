namespace Wharf.Cli.Commands.Run;

/// <summary>
/// docker run's failures: a refused create or start prints "wharf: &lt;error&gt;" and a pointer to --help, and exits 127
/// when the command was not found, 126 when it could not be invoked, 125 otherwise (docker's toStatusError, which reads
/// the runtime's wording in the daemon's message).
/// </summary>
internal static class RunErrors
{
    public static int ExitCodeFor(string message)
    {
        if (message.Contains("executable file not found", StringComparison.Ordinal)
            || message.Contains("no such file or directory", StringComparison.Ordinal)
            || message.Contains("system cannot find the file specified", StringComparison.Ordinal))
            return 127;
        if (message.Contains("permission denied", StringComparison.Ordinal) || message.Contains("is a directory", StringComparison.Ordinal))
            return 126;
        return 125;
    }

    /// <summary>The CLI failure for a daemon error met by <c>run</c>.</summary>
    public static CliException Refused(string daemonMessage)
    {
        var error = $"Error response from daemon: {daemonMessage}";
        return new CliException($"wharf: {error}\n\nRun 'wharf run --help' for more information", ExitCodeFor(error));
    }
}
