namespace Wharf.Engine.Processes;

/// <summary>
/// Runs an external program to completion (runc, conmon, iptables, CNI plugins…). The engine declares the port;
/// Engine.Linux runs real processes, tests use a recording fake.
/// </summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs <see cref="ProcessSpec.FileName"/> and returns its exit code and output, whatever the exit code.
    /// Throws <see cref="EngineException"/> (<see cref="ErrorKind.Unavailable"/>) when the program cannot start
    /// or outlives <see cref="ProcessSpec.Timeout"/>; cancelling <paramref name="ct"/> kills it.
    /// </summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct);
}

/// <summary>A program to run: a name looked up in PATH or a path, its arguments (never passed through a shell).</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Text written to the program's standard input, which is then closed; null leaves stdin empty.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Extra environment variables on top of the daemon's own.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the program may run before it is killed; null waits for as long as the caller does.</summary>
    public TimeSpan? Timeout { get; init; }

    public override string ToString() => Arguments.Count == 0 ? FileName : FileName + " " + string.Join(' ', Arguments);
}

/// <summary>How a program ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
