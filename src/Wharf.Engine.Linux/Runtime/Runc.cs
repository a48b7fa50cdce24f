using Wharf.Engine.Processes;

namespace Wharf.Engine.Linux.Runtime;

/// <summary>runc's subcommands under Wharf's own runc root, run through <see cref="IProcessRunner"/>.</summary>
internal sealed class Runc(IProcessRunner runner, Lazy<string> runcPath, string root, TimeSpan timeout, IReadOnlyList<string> extraArguments)
{
    public string Path => runcPath.Value;

    /// <summary>The global options conmon passes on to runc, so both agree on the root and the error format.</summary>
    public IReadOnlyList<string> GlobalArguments => [.. extraArguments, "--root=" + root, "--log-format=json"];

    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct, string? stdin = null)
    {
        var result = await TryRunAsync(arguments, ct, stdin);
        if (!result.Succeeded) throw RuncErrors.From(arguments[0], result.StandardError);
        return result.StandardOutput;
    }

    public Task<ProcessResult> TryRunAsync(IReadOnlyList<string> arguments, CancellationToken ct, string? stdin = null) =>
        runner.RunAsync(new ProcessSpec(runcPath.Value, [.. GlobalArguments, .. arguments]) { StandardInput = stdin, Timeout = timeout }, ct);
}
