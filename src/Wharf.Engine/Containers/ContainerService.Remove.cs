using System.Globalization;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>How long a forced removal waits for the runtime to report the SIGKILLed process's exit.</summary>
    internal static readonly TimeSpan ForceRemoveWait = TimeSpan.FromSeconds(10);

    public async Task RemoveAsync(string name, RemoveRequest request, CancellationToken ct)
    {
        Task<WaitResult>? exited = null;
        var (record, slot, held) = await LockAsync(name, ct);
        using (held)
        {
            switch (record.State.Status)
            {
                case ContainerStatus.Running when !request.Force:
                    throw ContainerErrors.RemoveRunning(record.Id);
                case ContainerStatus.Restarting when !request.Force:
                    throw ContainerErrors.RemoveRunning(record.Id);
                case ContainerStatus.Paused when !request.Force:
                    throw ContainerErrors.RemovePaused(record.Id);
                case ContainerStatus.Running or ContainerStatus.Paused:
                    record = await SaveAsync(record, record.State with { ManuallyStopped = true });
                    exited = slot.NextExit;
                    await _runtime.KillAsync(record.Id, Signals.Kill, true, ct);
                    Publish(record, "kill", ("signal", Signals.Kill.ToString(CultureInfo.InvariantCulture)));
                    if (record.State.Status == ContainerStatus.Paused)
                        await Cleanup(record.Id, "resume", () => _runtime.ResumeAsync(record.Id, CancellationToken.None));
                    break;
                default:
                    if (slot.RestartTimer is { } timer) await timer.CancelAsync();
                    slot.RestartTimer = null;
                    await RemoveCoreAsync(record, slot, request.Volumes);
                    return;
            }
        }

        // The exit is handled by the exit stream (which needs the lock), then the container is removed.
        var reported = true;
        try
        {
            await exited.WaitAsync(ForceRemoveWait, _time, ct);
        }
        catch (TimeoutException)
        {
            reported = false;
        }
        if (_store.Get(record.Id) is null) return;   // removed by AutoRemove meanwhile
        await slot.Lock.WaitAsync(ct);
        try
        {
            var again = _store.Get(record.Id);
            if (again is null) return;
            // The runtime never reported the exit of a SIGKILLed process: record one so that removal goes on.
            if (!reported && again.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
            {
                await ExitCoreAsync(again, slot, 128 + Signals.Kill, false, _time.GetUtcNow());
                again = _store.Get(record.Id);
            }
            if (again is not null) await RemoveCoreAsync(again, slot, request.Volumes);
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    /// <summary>Marks Removing, lets go of runtime, mount and files, deletes the row, publishes <c>destroy</c>; <paramref name="removeVolumes"/> also removes its anonymous volumes. Lock held.</summary>
    async Task RemoveCoreAsync(ContainerRecord record, ContainerSlot slot, bool removeVolumes = false)
    {
        var removing = ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.Remove, record.Id, record.Name);
        record = await SaveAsync(record, record.State with { Status = removing });
        if (slot.Health is { } health) await health.DisposeAsync();
        slot.Health = null;
        try
        {
            await Cleanup(record.Id, "runtime delete", () => _runtime.DeleteAsync(record.Id, true, CancellationToken.None));
            await Cleanup(record.Id, "network", () => new ValueTask(_networks.DetachAsync(record.Id.Value, CancellationToken.None)));
            await _rootfs.UnmountAsync(record.Paths.ContainerDir, CancellationToken.None);
            DeleteDirectory(record.Paths.StateDir);
            DeleteDirectory(record.Paths.ContainerDir);
            await _store.DeleteAsync(record.Id, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EngineException)
        {
            await SaveAsync(record, record.State with
            {
                Status = ContainerLifecycle.Require(record.State.Status, LifecycleTrigger.RemoveFailed, record.Id, record.Name),
                Error = e.Message,
            });
            throw new EngineException(ErrorKind.Internal, $"unable to remove filesystem for {record.Id}: {e.Message}", e);
        }
        // The container is gone whatever happens to its volumes; a failure here only leaves a volume to prune.
        await Cleanup(record.Id, "volumes", () => new ValueTask(_volumes.DetachAsync(record.Id.Value, removeVolumes, CancellationToken.None)));
        Publish(record, "destroy");
        slot.ReleaseRemoved(new WaitResult(record.State.ExitCode, NullIfEmpty(record.State.Error)));
        _slots.TryRemove(record.Id.Value, out _);
    }

    static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    public async Task<ContainerPruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("until", "label", "label!");
        var now = _time.GetUtcNow();
        DateTimeOffset? until = filters.Get("until") is { Count: > 0 } u ? u.Select(v => FilterTime.Parse(v, now)).Min() : null;
        var deleted = new List<ContainerId>();
        long reclaimed = 0;
        foreach (var candidate in _store.All().OrderBy(c => c.Created))
        {
            if (candidate.State.Status is not (ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Dead)) continue;
            if (until is { } limit && candidate.Created >= limit) continue;
            if (!filters.MatchesLabels("label", candidate.Labels)) continue;
            if (filters.Contains("label!") && MatchesAnyLabel(filters.Get("label!"), candidate.Labels)) continue;
            var slot = Slot(candidate.Id);
            await slot.Lock.WaitAsync(ct);
            try
            {
                var current = _store.Get(candidate.Id);
                if (current is null || current.State.Status is not (ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Dead)) continue;
                var size = DirectorySize(Path.Combine(current.Paths.ContainerDir, "diff"));
                await RemoveCoreAsync(current, slot);
                deleted.Add(current.Id);
                reclaimed += size;
            }
            finally
            {
                slot.Lock.Release();
            }
        }
        _events.Publish(EventType.Container, "prune", "", new Dictionary<string, string> { ["reclaimed"] = reclaimed.ToString(CultureInfo.InvariantCulture) });
        return new ContainerPruneResult(deleted, reclaimed);
    }

    static bool MatchesAnyLabel(IReadOnlyCollection<string> wanted, IReadOnlyDictionary<string, string> labels) =>
        wanted.Any(w =>
        {
            var eq = w.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? labels.ContainsKey(w) : labels.TryGetValue(w[..eq], out var v) && v == w[(eq + 1)..];
        });

    internal static long DirectorySize(string path)
    {
        if (!Directory.Exists(path)) return 0;
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
                if (!file.Attributes.HasFlag(FileAttributes.ReparsePoint)) total += file.Length;
        }
        catch (IOException)
        {
            // A file vanished while counting: the size is a snapshot anyway.
        }
        return total;
    }
}
