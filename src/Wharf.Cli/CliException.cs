namespace Wharf.Cli;

/// <summary>A failure the CLI reports itself (bad flags, missing context…): printed as it is, with Docker's exit code.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
