namespace Wharf.Client;

/// <summary>
/// The command a connection runs through (ssh) could not be started or ended with an error before the daemon answered:
/// its command line, its exit status (null when it could not be started) and what it wrote to stderr.
/// </summary>
public sealed class CommandConnectionException : IOException
{
    public CommandConnectionException(string commandLine, int? exitCode, string stderr, Exception? inner = null)
        : base(Describe(commandLine, exitCode, stderr), inner)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public CommandConnectionException() : this("", null, "") { }

    public CommandConnectionException(string message) : this(message, null, "") { }

    public CommandConnectionException(string message, Exception innerException) : this(message, null, "", innerException) { }

    /// <summary>The command as it was run, words joined by spaces.</summary>
    public string CommandLine { get; }

    /// <summary>Its exit status; null when it could not be started.</summary>
    public int? ExitCode { get; }

    /// <summary>What it wrote to stderr (trimmed, at most the first 16 KiB).</summary>
    public string Stderr { get; }

    static string Describe(string commandLine, int? exitCode, string stderr)
    {
        var what = exitCode is int code ? $"command [{commandLine}] has exited with exit status {code}" : $"command [{commandLine}] could not be started";
        return stderr.Length == 0 ? what : $"{what}: stderr={stderr}";
    }
}
