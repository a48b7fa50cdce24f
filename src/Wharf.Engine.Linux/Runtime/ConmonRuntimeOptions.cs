namespace Wharf.Engine.Linux.Runtime;

/// <summary>
/// Where the runtime keeps its state and which programs it drives. <see cref="ExecRoot"/> holds runc's own root
/// (so Wharf never collides with other runc users), the exit directory conmon writes to and one monitor directory
/// per container; it should be short (attach sockets are reached through <c>/proc/self/fd</c>, so it need not be).
/// </summary>
public sealed record ConmonRuntimeOptions(string ExecRoot)
{
    /// <summary>conmon, as a path or a name looked up in PATH.</summary>
    public string ConmonPath { get; init; } = "conmon";

    /// <summary>runc, as a path or a name looked up in PATH (conmon needs it as an absolute path).</summary>
    public string RuncPath { get; init; } = "runc";

    /// <summary>Extra global options for runc (daemon.json's <c>runtimeArgs</c>), given before Wharf's own.</summary>
    public IReadOnlyList<string> RuncArgs { get; init; } = [];

    /// <summary>How long runc and conmon may take to create a container or run one command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
