using System.Globalization;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    static readonly TimeSpan BackoffReset = TimeSpan.FromSeconds(10);

    async Task HandleExitAsync(RuntimeExit exit, CancellationToken ct)
    {
        if (_store.Get(exit.Id) is null) return;   // not ours, or already removed
        var slot = Slot(exit.Id);
        await slot.Lock.WaitAsync(ct);
        try
        {
            var record = _store.Get(exit.Id);
            if (record is null || record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) return;
            await ExitCoreAsync(record, slot, exit.ExitCode, exit.OomKilled, exit.At);
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    /// <summary>Records an exit, cleans up, publishes, releases waiters, then restarts or auto-removes. Lock held.</summary>
    async Task ExitCoreAsync(ContainerRecord record, ContainerSlot slot, int exitCode, bool oomKilled, DateTimeOffset at)
    {
        if (slot.Health is { } health) await health.DisposeAsync();
        slot.Health = null;
        await Cleanup(record.Id, "runtime delete", () => _runtime.DeleteAsync(record.Id, true, CancellationToken.None));
        await Cleanup(record.Id, "network", () => new ValueTask(_networks.DetachAsync(record.Id.Value, CancellationToken.None)));
        await Cleanup(record.Id, "unmount", () => _rootfs.UnmountAsync(record.Paths.ContainerDir, CancellationToken.None));
        await Cleanup(record.Id, "volumes", () => new ValueTask(_volumes.UnmountAsync(record.Id.Value, CancellationToken.None)));

        var ranFor = at - (record.State.StartedAt ?? at);
        var restart = ShouldRestart(record, slot, exitCode, ranFor);
        if (oomKilled) Publish(record, "oom");
        // The timer exists before the Restarting state is visible, so whoever sees that state sees a running back-off
        // (the restart itself waits for the lock held here).
        if (restart is { } delay) ScheduleRestart(record, slot, delay);
        var trigger = restart is null ? LifecycleTrigger.Exit : LifecycleTrigger.ExitToRestart;
        record = await SaveAsync(record, record.State with
        {
            Status = ContainerLifecycle.Require(record.State.Status, trigger, record.Id, record.Name),
            ExitCode = exitCode,
            OomKilled = oomKilled,
            FinishedAt = at,
            Pid = 0,
            MonitorPid = 0,
            Network = null,
        });
        ContainerLog.Exited(_logger, record.Id, exitCode);
        Publish(record, "die", ("exitCode", exitCode.ToString(CultureInfo.InvariantCulture)));
        slot.ReleaseExitWaiters(new WaitResult(exitCode, null));

        if (restart is null && record.Spec.Host.AutoRemove) await RemoveCoreAsync(record, slot, removeVolumes: true);
    }

    /// <summary>dockerd's restart manager: the back-off (100 ms doubling to a minute, reset after 10 s of running), or null for no restart.</summary>
    TimeSpan? ShouldRestart(ContainerRecord record, ContainerSlot slot, int exitCode, TimeSpan ranFor)
    {
        var policy = record.Spec.Host.RestartPolicy;
        if (record.State.ManuallyStopped || _shutdown.IsCancellationRequested) return null;
        var restart = policy.Name switch
        {
            "always" or "unless-stopped" => true,
            "on-failure" => exitCode != 0 && (policy.MaximumRetryCount == 0 || record.State.RestartCount < policy.MaximumRetryCount),
            _ => false,
        };
        if (!restart) return null;
        if (ranFor >= BackoffReset) slot.Backoff = TimeSpan.Zero;
        slot.Backoff = slot.Backoff == TimeSpan.Zero ? InitialBackoff : slot.Backoff * 2;
        if (slot.Backoff > MaxBackoff) slot.Backoff = MaxBackoff;
        return slot.Backoff;
    }

    void ScheduleRestart(ContainerRecord record, ContainerSlot slot, TimeSpan delay)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        slot.RestartTimer = cts;
        ContainerLog.RestartScheduled(_logger, record.Id, delay, record.State.RestartCount + 1);
        var backoff = Task.Delay(delay, _time, cts.Token);
        _ = Task.Run(async () =>
        {
            try
            {
                await backoff;
                await RestartAfterBackoffAsync(record.Id, slot, cts, cts.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped, removed or started by hand during the back-off, or the daemon is stopping.
            }
        }, CancellationToken.None);
    }

    async Task RestartAfterBackoffAsync(ContainerId id, ContainerSlot slot, CancellationTokenSource timer, CancellationToken ct)
    {
        await slot.Lock.WaitAsync(ct);
        try
        {
            if (slot.RestartTimer != timer || ct.IsCancellationRequested) return;
            slot.RestartTimer = null;
            var record = _store.Get(id);
            if (record is null || record.State.Status != ContainerStatus.Restarting) return;
            record = await SaveAsync(record, record.State with { RestartCount = record.State.RestartCount + 1 });
            try
            {
                record = await StartCoreAsync(record, slot, ct);
                Publish(record, "start");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ContainerLog.RestartFailed(_logger, id, e);
                var failed = _store.Get(id) ?? record;
                failed = await SaveAsync(failed, failed.State with { Status = ContainerStatus.Exited });
                slot.ReleaseExitWaiters(new WaitResult(failed.State.ExitCode, NullIfEmpty(failed.State.Error)));
            }
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    /// <summary>Reconciles one stored container with what the runtime knows after a daemon restart.</summary>
    async Task RestoreAsync(ContainerId id, CancellationToken ct)
    {
        var slot = Slot(id);
        await slot.Lock.WaitAsync(ct);
        try
        {
            var record = _store.Get(id);
            if (record is null) return;
            var state = record.State;
            switch (state.Status)
            {
                case ContainerStatus.Running or ContainerStatus.Paused:
                    var now = await _runtime.StateAsync(id, ct);
                    if (now.Status is RuntimeStatus.Running or RuntimeStatus.Paused)
                    {
                        var status = now.Status == RuntimeStatus.Paused ? ContainerStatus.Paused : ContainerStatus.Running;
                        if (status != state.Status || (now.Pid != 0 && now.Pid != state.Pid))
                            record = await SaveAsync(record, state with { Status = status, Pid = now.Pid == 0 ? state.Pid : now.Pid });
                        if (state.Network is { } network)
                            await Cleanup(id, "network restore", () => new ValueTask(_networks.RestoreAsync(NetworkPlan(record), network, ct)));
                        StartHealthMonitor(record, slot);
                    }
                    else if (now.Status == RuntimeStatus.Unknown)
                    {
                        // The runtime lost it (a reboot): no exit will ever be reported, so record an unknown exit now.
                        await ExitCoreAsync(record, slot, 255, false, _time.GetUtcNow());
                    }
                    // Stopped or Created: its exit is replayed on the exit stream and handled there with the real code.
                    break;
                case ContainerStatus.Restarting:
                    ScheduleRestart(record, slot, TimeSpan.Zero);
                    break;
                case ContainerStatus.Removing:
                    await SaveAsync(record, state with { Status = ContainerStatus.Dead });
                    break;
                case ContainerStatus.Exited:
                    var policy = record.Spec.Host.RestartPolicy.Name;
                    if (policy == "always" || (policy == "unless-stopped" && !state.ManuallyStopped))
                    {
                        record = await StartCoreAsync(record, slot, ct);
                        Publish(record, "start");
                    }
                    break;
            }
            ContainerLog.Restored(_logger, id, (_store.Get(id) ?? record).State.Status);
        }
        finally
        {
            slot.Lock.Release();
        }
    }
}
