using Wharf.Engine.Filters;

namespace Wharf.Engine.Volumes;

/// <summary>The <c>/volumes</c> operations and the volumes part of <c>/system/df</c>, with dockerd's semantics.</summary>
public interface IVolumeService
{
    /// <summary>Creates a local volume; an existing name returns the existing volume unchanged (dockerd's idempotent create).</summary>
    Task<VolumeView> CreateAsync(VolumeCreateRequest request, CancellationToken ct);

    /// <summary>Volumes matching <c>dangling</c>, <c>name</c>, <c>label</c> and <c>driver</c>.</summary>
    Task<IReadOnlyList<VolumeView>> ListAsync(FilterSet filters, CancellationToken ct);

    Task<VolumeView> InspectAsync(string name, CancellationToken ct);

    /// <summary>Removes an unused volume (409 while referenced); <paramref name="force"/> makes a missing one no error.</summary>
    Task RemoveAsync(string name, bool force, CancellationToken ct);

    /// <summary>Removes unused local volumes matching <c>label</c>/<c>label!</c>: anonymous ones only, or all with <c>all=true</c>.</summary>
    Task<VolumePruneResult> PruneAsync(FilterSet filters, CancellationToken ct);

    /// <summary>Every volume with its size and reference count.</summary>
    Task<IReadOnlyList<VolumeView>> DiskUsageAsync(CancellationToken ct);
}

/// <summary>What the container lifecycle asks of the volume layer; every call is keyed by the container's full id.</summary>
public interface IContainerVolumes
{
    /// <summary>
    /// At create: gets or creates the volumes of <paramref name="plan"/>, adds the mounts inherited through VolumesFrom
    /// (<paramref name="inherited"/>, overridden by the container's own destinations), records them all and returns them.
    /// </summary>
    Task<IReadOnlyList<ContainerMount>> AttachAsync(string containerId, VolumePlan plan, IReadOnlyList<ContainerMount> inherited, CancellationToken ct);

    /// <summary>The container's volume (and inherited bind) mounts, for inspect and VolumesFrom.</summary>
    Task<IReadOnlyList<ContainerMount>> MountsOfAsync(string containerId, CancellationToken ct);

    /// <summary>
    /// At start, with the rootfs mounted at <paramref name="rootfs"/>: mounts DriverOpts volumes, fills new volumes from
    /// the image (copy-up), publishes <c>mount</c> events; returns the mounts to bind into the container.
    /// </summary>
    Task<IReadOnlyList<ContainerMount>> MountAsync(string containerId, string rootfs, CancellationToken ct);

    /// <summary>After the container stopped: <c>unmount</c> events; DriverOpts volumes no running container uses are unmounted.</summary>
    Task UnmountAsync(string containerId, CancellationToken ct);

    /// <summary>At remove: forgets the container's mounts and, with <paramref name="removeAnonymous"/>, removes its anonymous volumes no one else uses.</summary>
    Task DetachAsync(string containerId, bool removeAnonymous, CancellationToken ct);
}
