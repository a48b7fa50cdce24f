using Wharf.Engine.Containers.Oci;
using Wharf.Engine.Volumes;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>At create: the spec's volumes (Binds, Mounts, the config's Volumes) and VolumesFrom, handed to the volume layer.</summary>
    async Task AttachVolumesAsync(ContainerId id, ContainerCreateSpec spec, CancellationToken ct)
    {
        var plan = VolumeSpecParser.Parse(spec.Host, spec.Config.Volumes?.Keys ?? Enumerable.Empty<string>());
        var inherited = new List<ContainerMount>();
        foreach (var from in spec.Host.VolumesFrom)
        {
            var (name, readWrite) = VolumeSpecParser.ParseVolumesFrom(from);
            var other = _store.Resolve(name);
            var mounts = (await _volumes.MountsOfAsync(other.Id.Value, ct)).Concat(VolumeSpecParser.HostBinds(other.Spec.Host));
            foreach (var m in mounts)
            {
                // A later VolumesFrom entry wins a destination, as in dockerd's registration order.
                inherited.RemoveAll(i => i.Destination == m.Destination);
                inherited.Add(readWrite is { } rw ? m with { ReadWrite = rw, Mode = rw ? "rw" : "ro" } : m);
            }
        }
        if (plan.Volumes.Count == 0 && inherited.Count == 0) return;
        await _volumes.AttachAsync(id.Value, plan, inherited, ct);
    }

    /// <summary>At start, with the rootfs mounted: the container's volume mounts as OCI binds.</summary>
    async Task<IReadOnlyList<OciMount>> MountVolumesAsync(ContainerRecord record, string rootfs, CancellationToken ct)
    {
        var mounts = await _volumes.MountAsync(record.Id.Value, rootfs, ct);
        return [.. mounts.Select(m => new OciMount
        {
            Destination = m.Destination,
            Type = "bind",
            Source = m.Source,
            Options = m.ReadWrite
                ? ["rbind", m.Type == "bind" ? m.Propagation : "rprivate"]
                : ["rbind", "ro", m.Type == "bind" ? m.Propagation : "rprivate"],
        })];
    }
}
