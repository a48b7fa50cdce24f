using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Networks;
using Wharf.Engine.Volumes;

namespace Wharf.Engine.Containers;

/// <summary>
/// The container lifecycle over the runtime, rootfs and bundle ports: create, start, stop, exits, restarts,
/// removal, queries. Each container's changes are serialised by its own lock; state lives in <see cref="ContainerStore"/>.
/// Call <see cref="InitializeAsync"/> once before use: it loads the store, follows the runtime's exits and restores.
/// </summary>
public sealed partial class ContainerService : IContainerService, IAsyncDisposable
{
    readonly ContainerStore _store;
    readonly IOciRuntime _runtime;
    readonly IRootfsMounter _rootfs;
    readonly IBundleBuilder _bundles;
    readonly IImageService _images;
    readonly IEventService _events;
    readonly IContainerVolumes _volumes;
    readonly IContainerNetworks _networks;
    readonly TimeProvider _time;
    readonly ContainerOptions _options;
    readonly ILogger _logger;
    readonly ConcurrentDictionary<string, ContainerSlot> _slots = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _shutdown = new();
    Task? _exitLoop;

    public ContainerService(ContainerStore store, IOciRuntime runtime, IRootfsMounter rootfs, IBundleBuilder bundles,
                            IImageService images, IEventService events, TimeProvider time, ContainerOptions options,
                            ILogger<ContainerService> logger, IContainerVolumes volumes, IContainerNetworks networks)
    {
        _store = store;
        _runtime = runtime;
        _rootfs = rootfs;
        _bundles = bundles;
        _images = images;
        _events = events;
        _volumes = volumes;
        _networks = networks;
        _time = time;
        _options = options;
        _logger = logger;
    }

    internal ExecExitHub ExecExits { get; } = new();

    internal ContainerStore Store => _store;

    internal TimeProvider Time => _time;

    /// <summary>Loads the store, subscribes to the runtime's exits (replayed ones included), then restores every container.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await _store.InitializeAsync(ct);
        foreach (var record in _store.All()) Slot(record.Id);
        _exitLoop = Task.Run(() => ConsumeExitsAsync(_shutdown.Token), CancellationToken.None);
        foreach (var record in _store.All())
        {
            try
            {
                await RestoreAsync(record.Id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ContainerLog.RestoreFailed(_logger, record.Id, e);
            }
        }
        // What a container that ended (or was removed) while the daemon was down still holds: addresses, veths, namespaces.
        await _networks.ReleaseAllExceptAsync(_store.All().Where(r => r.State.IsRunning).Select(r => r.Id.Value).ToHashSet(StringComparer.Ordinal), ct);
    }

    /// <summary>Stops following exits and health checks; containers keep running (they outlive the daemon).</summary>
    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        foreach (var slot in _slots.Values)
        {
            if (slot.Health is { } h) await h.DisposeAsync();
            if (slot.RestartTimer is { } t) await t.CancelAsync();
        }
        if (_exitLoop is not null)
        {
            try
            {
                await _exitLoop;
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }
        }
    }

    async Task ConsumeExitsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var exit in _runtime.ExitsAsync(ct))
            {
                if (exit.ExecId is not null)
                {
                    ExecExits.Complete(exit);
                    continue;
                }
                try
                {
                    await HandleExitAsync(exit, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    ContainerLog.ExitHandlingFailed(_logger, exit.Id, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            ContainerLog.ExitStreamFailed(_logger, e);
        }
    }

    internal ContainerSlot Slot(ContainerId id) => _slots.GetOrAdd(id.Value, _ => new ContainerSlot());

    /// <summary>Resolves a user's reference and takes the container's lock; dispose to release it.</summary>
    internal async Task<(ContainerRecord Record, ContainerSlot Slot, Releaser Lock)> LockAsync(string userRef, CancellationToken ct)
    {
        var record = _store.Resolve(userRef);
        var slot = Slot(record.Id);
        await slot.Lock.WaitAsync(ct);
        var current = _store.Get(record.Id);
        if (current is null)
        {
            slot.Lock.Release();
            throw ContainerErrors.NoSuchContainer(userRef);
        }
        return (current, slot, new Releaser(slot.Lock));
    }

    async Task<ContainerRecord> SaveAsync(ContainerRecord record, ContainerState state)
    {
        var updated = record with { State = state };
        // A state change that happened must be recorded even when the request that caused it goes away.
        await _store.UpdateAsync(updated, CancellationToken.None);
        return updated;
    }

    internal void Publish(ContainerRecord r, string action, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(r.Labels, StringComparer.Ordinal)
        {
            ["image"] = r.ImageName,
            ["name"] = r.Name,
        };
        foreach (var (k, v) in extra) attributes[k] = v;
        _events.Publish(EventType.Container, action, r.Id.Value, attributes);
    }

    internal static IReadOnlyList<string> LowerDirs(ImageView image)
    {
        var dirs = new List<string>();
        if (image.GraphDriverData.TryGetValue("UpperDir", out var upper)) dirs.Add(upper);
        if (image.GraphDriverData.TryGetValue("LowerDir", out var lower)) dirs.AddRange(lower.Split(':', StringSplitOptions.RemoveEmptyEntries));
        return dirs;
    }

    internal BundleRequest BundleFor(ContainerRecord r, ImageConfigFile image) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Spec = r.Spec,
        Image = image,
        RootfsPath = Path.Combine(r.Paths.ContainerDir, "merged"),
        BundleDir = r.Paths.BundleDir,
        ContainerDir = r.Paths.ContainerDir,
        CgroupsPath = CgroupsPath(r.Id),
    };

    /// <summary>The container's cgroup (OCI <c>linux.cgroupsPath</c>, cgroupfs form), where its processes and their usage are.</summary>
    internal static string CgroupsPath(ContainerId id) => $"/wharf/{id}";

    /// <summary>Releases a container's lock when disposed.</summary>
    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
