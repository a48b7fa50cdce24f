using Wharf.Engine.Processes;

namespace Wharf.Testing;

/// <summary>An <see cref="IProcessRunner"/> that records every call and answers from <see cref="OnRun"/>; nothing runs.</summary>
public sealed class FakeProcessRunner : IProcessRunner
{
    readonly Lock _gate = new();
    readonly List<ProcessSpec> _calls = [];

    /// <summary>The answer to each call; by default every program exits 0 and prints nothing.</summary>
    public Func<ProcessSpec, ProcessResult> OnRun { get; set; } = _ => new ProcessResult(0, "", "");

    /// <summary>The calls so far, in order.</summary>
    public IReadOnlyList<ProcessSpec> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate) _calls.Add(spec);
        return Task.FromResult(OnRun(spec));
    }
}
