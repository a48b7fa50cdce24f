using Wharf.Engine.Containers.Health;
using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>The in-memory companion of a stored container: its lock, waiters, pending attaches, health monitor and restart timer.</summary>
internal sealed class ContainerSlot
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
    readonly List<PendingAttach> _pending = [];
    TaskCompletionSource<WaitResult> _nextExit = NewWaiter();
    readonly TaskCompletionSource<WaitResult> _removed = NewWaiter();

    public HealthMonitor? Health { get; set; }
    public CancellationTokenSource? RestartTimer { get; set; }
    /// <summary>The restart back-off (dockerd's restart manager): 0 until the first restart.</summary>
    public TimeSpan Backoff { get; set; }
    public ImageConfigFile? ImageConfig { get; set; }
    public HashSet<string> ExecIds { get; } = [];

    /// <summary>Completes at the next exit (or restart) of the container.</summary>
    public Task<WaitResult> NextExit
    {
        get
        {
            lock (_pending) return _nextExit.Task;
        }
    }

    public Task<WaitResult> Removed => _removed.Task;

    public void ReleaseExitWaiters(WaitResult result)
    {
        TaskCompletionSource<WaitResult> done;
        lock (_pending)
        {
            done = _nextExit;
            _nextExit = NewWaiter();
        }
        done.TrySetResult(result);
    }

    public void ReleaseRemoved(WaitResult result)
    {
        ReleaseExitWaiters(result);
        _removed.TrySetResult(result);
    }

    public PendingAttach AddPending()
    {
        var attach = new PendingAttach(p =>
        {
            lock (_pending) _pending.Remove(p);
        });
        lock (_pending) _pending.Add(attach);
        return attach;
    }

    /// <summary>Takes the attaches waiting for the next start.</summary>
    public List<PendingAttach> TakePending()
    {
        lock (_pending)
        {
            var all = _pending.Where(p => !p.IsConnected).ToList();
            _pending.Clear();
            return all;
        }
    }

    static TaskCompletionSource<WaitResult> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
