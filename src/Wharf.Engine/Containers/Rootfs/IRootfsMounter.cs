namespace Wharf.Engine.Containers.Rootfs;

/// <summary>
/// Mounts a container's root filesystem: an overlay of the image's layer directories under a writable layer
/// kept in the container's directory. Implemented with overlayfs in Engine.Linux.
/// </summary>
public interface IRootfsMounter
{
    /// <summary>
    /// Mounts <paramref name="lowerDirs"/> (top layer first) under <c>&lt;containerDir&gt;/diff</c> (upper) and
    /// <c>&lt;containerDir&gt;/work</c> at <c>&lt;containerDir&gt;/merged</c>, creating them as needed; returns the merged
    /// path. Mounting an already mounted container is a no-op that returns the same path.
    /// </summary>
    ValueTask<string> MountAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct);

    /// <summary>Unmounts the merged directory if mounted (lazily when busy); the writable layer stays.</summary>
    ValueTask UnmountAsync(string containerDir, CancellationToken ct);

    /// <summary>
    /// Mounts the container's filesystem read-only (its writable layer over <paramref name="lowerDirs"/>, none of them
    /// written to) at a new directory under <paramref name="containerDir"/>, apart from the container's own mount, and
    /// returns that directory; <see cref="UnmountReadOnlyAsync"/> removes it.
    /// </summary>
    ValueTask<string> MountReadOnlyAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct);

    /// <summary>Unmounts (lazily when busy) and removes a directory <see cref="MountReadOnlyAsync"/> returned.</summary>
    ValueTask UnmountReadOnlyAsync(string path, CancellationToken ct);

    /// <summary>What the container changed, read from its writable layer (whiteouts are deletions), sorted by path.</summary>
    ValueTask<IReadOnlyList<FileChange>> ChangesAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct);

    /// <summary>
    /// Writes the container's writable layer to <paramref name="output"/> as an uncompressed layer tar in the OCI/Docker
    /// form (deletions as <c>.wh.</c> entries, opaque directories with <c>.wh..wh..opq</c>), streamed entry by entry.
    /// </summary>
    Task WriteDiffAsync(string containerDir, Stream output, CancellationToken ct);
}

/// <summary>One changed path, as <c>GET /containers/{id}/changes</c> reports it.</summary>
public sealed record FileChange(string Path, FileChangeKind Kind);

/// <summary>The change kinds with Docker's numbers: 0 modified, 1 added, 2 deleted.</summary>
public enum FileChangeKind : byte { Modified = 0, Added = 1, Deleted = 2 }
