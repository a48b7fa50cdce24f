using System.Collections.Concurrent;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers;

/// <summary>Hands exec exits from the one runtime exit stream to whoever waits for that exec id (exec sessions, health probes).</summary>
internal sealed class ExecExitHub
{
    readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeExit>> _waiters = new(StringComparer.Ordinal);

    /// <summary>Registers before the exec is started, so an exit that comes at once is not missed.</summary>
    public Task<RuntimeExit> Register(string execId) =>
        _waiters.GetOrAdd(execId, _ => new TaskCompletionSource<RuntimeExit>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string execId) => _waiters.TryRemove(execId, out _);

    /// <summary>False when nobody waits for it (an exec of a previous daemon life).</summary>
    public bool Complete(RuntimeExit exit) =>
        exit.ExecId is { } id && _waiters.TryRemove(id, out var tcs) && tcs.TrySetResult(exit);
}
