using Wharf.Engine.Volumes;

namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Binds a stopped container's volumes and bind mounts under its mounted rootfs for one archive call, as dockerd's
/// <c>mountVolumes</c> does, so <c>docker cp</c> reaches a volume's content rather than the directory under it.
/// </summary>
internal sealed class StoppedContainerMounts(IContainerVolumes volumes, IVolumeHost host)
{
    /// <summary>Mounts everything; the returned function undoes it (innermost first). Nothing stays mounted on failure.</summary>
    public async Task<Func<ValueTask>> MountAsync(ContainerRecord record, string root, IReadOnlyList<ContainerMount> mounts, CancellationToken ct)
    {
        // The volume layer mounts DriverOpts volumes, fills new ones from the image and logs mount/unmount events, as at start.
        await volumes.MountAsync(record.Id.Value, root, ct);
        var targets = new List<string>();
        async ValueTask Undo()
        {
            for (var i = targets.Count - 1; i >= 0; i--) await host.UnmountAsync(targets[i], CancellationToken.None);
            await volumes.UnmountAsync(record.Id.Value, CancellationToken.None);
        }
        try
        {
            // A parent's bind must come before a bind nested inside it, or the parent would hide it.
            foreach (var m in mounts.OrderBy(m => m.Destination.Count(c => c == '/')))
            {
                var destination = ScopedPath.Resolve(m.Destination, ScopedPath.LinkReader(root), followFinal: true);
                var target = ScopedPath.HostPath(root, destination);
                CreateMountPoint(m.Source, target);
                await host.MountAsync("", m.Source, m.ReadWrite ? "bind" : "bind,ro", target, ct);
                targets.Add(target);
            }
        }
        catch
        {
            await Undo();
            throw;
        }
        return Undo;
    }

    /// <summary>The mount whose destination holds <paramref name="containerPath"/> (the innermost one), if any.</summary>
    public static ContainerMount? Holding(IReadOnlyList<ContainerMount> mounts, string containerPath) =>
        mounts.Where(m => containerPath == m.Destination || containerPath.StartsWith(m.Destination.TrimEnd('/') + "/", StringComparison.Ordinal))
              .MaxBy(m => m.Destination.Length);

    // runc makes a missing mount point at start; a container that never ran may not have one yet.
    static void CreateMountPoint(string source, string target)
    {
        if (Directory.Exists(target) || File.Exists(target)) return;
        if (File.Exists(source) && !Directory.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, []);
        }
        else
        {
            Directory.CreateDirectory(target);
        }
    }
}
