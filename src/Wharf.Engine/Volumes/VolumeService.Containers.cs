using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Events;

namespace Wharf.Engine.Volumes;

/// <summary>The container lifecycle's side of volumes (<see cref="IContainerVolumes"/>): attach, mount, copy-up, unmount, detach.</summary>
public sealed partial class VolumeService
{
    public async Task<IReadOnlyList<ContainerMount>> AttachAsync(string containerId, VolumePlan plan, IReadOnlyList<ContainerMount> inherited, CancellationToken ct)
    {
        // Names are checked before anything is created, so a bad one leaves no volume behind.
        foreach (var wish in plan.Volumes)
        {
            if (wish.Name is { } n) VolumeName.Validate(n);
            CheckDriver(wish.Name ?? "", wish.Driver);
            CheckOptions(wish.Name ?? "", wish.DriverOpts);
        }
        await _gate.WaitAsync(ct);
        try
        {
            var mounts = new List<ContainerMount>();
            var own = plan.Volumes.Select(w => w.Destination).Concat(plan.OtherDestinations).ToHashSet(StringComparer.Ordinal);
            mounts.AddRange(inherited.Where(m => !own.Contains(m.Destination)).Select(m => m with { CopyUp = false }));
            foreach (var wish in plan.Volumes)
            {
                var labels = wish.Name is null ? WithAnonymousLabel(wish.Labels) : wish.Labels;
                var (volume, _) = await GetOrCreateAsync(wish.Name ?? VolumeName.NewAnonymous(), wish.Driver, labels, wish.DriverOpts, ct);
                mounts.Add(new ContainerMount
                {
                    Destination = wish.Destination,
                    Type = "volume",
                    Name = volume.Name,
                    Source = volume.Mountpoint,
                    Driver = volume.Driver,
                    ReadWrite = wish.ReadWrite,
                    Mode = wish.Mode,
                    CopyUp = wish.CopyUp,
                });
            }
            await store.AttachAsync(containerId, mounts, ct);
            return mounts;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<ContainerMount>> MountsOfAsync(string containerId, CancellationToken ct) =>
        [.. (await store.MountsOfAsync(containerId, ct)).Select(m => m.Mount)];

    public async Task<IReadOnlyList<ContainerMount>> MountAsync(string containerId, string rootfs, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var mounts = await store.MountsOfAsync(containerId, ct);
            foreach (var (m, active) in mounts)
            {
                if (m.Type != "volume" || active) continue;
                var v = await store.GetAsync(m.Name, ct) ?? throw VolumeErrors.NoSuchVolume(m.Name);
                if (v.NeedsMount && await store.ActiveUsersAsync(v.Name, ct) == 0) await MountVolumeAsync(v, ct);
                if (m.CopyUp) await CopyUpAsync(rootfs, m, v, ct);
            }
            await store.SetActiveAsync(containerId, true, ct);
            foreach (var (m, active) in mounts)
            {
                if (m.Type != "volume" || active) continue;
                events.Publish(EventType.Volume, "mount", m.Name, new Dictionary<string, string>
                {
                    ["container"] = containerId,
                    ["destination"] = m.Destination,
                    ["driver"] = m.Driver,
                    ["propagation"] = m.Propagation,
                    ["read/write"] = m.ReadWrite ? "true" : "false",
                });
            }
            return [.. mounts.Select(m => m.Mount)];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UnmountAsync(string containerId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var mounts = await store.MountsOfAsync(containerId, ct);
            if (!mounts.Any(m => m.Active)) return;
            await store.SetActiveAsync(containerId, false, ct);
            foreach (var (m, active) in mounts)
            {
                if (m.Type != "volume" || !active) continue;
                if (await store.GetAsync(m.Name, ct) is { NeedsMount: true } v && await store.ActiveUsersAsync(v.Name, ct) == 0)
                    await host.UnmountAsync(v.Mountpoint, ct);
                events.Publish(EventType.Volume, "unmount", m.Name, new Dictionary<string, string> { ["container"] = containerId, ["driver"] = m.Driver });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DetachAsync(string containerId, bool removeAnonymous, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var mounts = await store.MountsOfAsync(containerId, ct);
            await store.DetachAsync(containerId, ct);
            if (!removeAnonymous) return;
            var refs = await store.ReferencesAsync(ct);
            foreach (var (m, _) in mounts)
            {
                if (m.Type != "volume" || refs.ContainsKey(m.Name)) continue;
                if (await store.GetAsync(m.Name, ct) is { Anonymous: true } v) await DestroyAsync(v, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task MountVolumeAsync(VolumeRecord v, CancellationToken ct)
    {
        var o = v.Options!;
        var type = o.GetValueOrDefault("type") ?? "";
        var device = o.GetValueOrDefault("device") ?? "";
        var options = o.GetValueOrDefault("o") ?? "";
        try
        {
            Directory.CreateDirectory(v.Mountpoint);
            await host.MountAsync(type, device, options, v.Mountpoint, ct);
        }
        catch (EngineException e)
        {
            throw VolumeErrors.MountFailed(v, e.Message);
        }
    }

    /// <summary>dockerd's copy-up: the image's directory at the destination is copied into the volume only if the volume is empty.</summary>
    async Task CopyUpAsync(string rootfs, ContainerMount m, VolumeRecord v, CancellationToken ct)
    {
        var source = RootfsPath.Resolve(rootfs, m.Destination);
        if (!Directory.Exists(source) || !Directory.Exists(v.Mountpoint)) return;
        if (Directory.EnumerateFileSystemEntries(v.Mountpoint).Any()) return;
        if (!Directory.EnumerateFileSystemEntries(source).Any()) return;
        await host.CopyUpAsync(source, v.Mountpoint, ct);
    }
}
