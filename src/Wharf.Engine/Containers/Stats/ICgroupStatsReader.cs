namespace Wharf.Engine.Containers.Stats;

/// <summary>
/// Reads a container's resource usage from its cgroup (v1 or v2), for <c>GET /containers/{id}/stats</c>. The path is
/// the OCI <c>linux.cgroupsPath</c> (cgroupfs form, relative to each hierarchy's root).
/// </summary>
public interface ICgroupStatsReader
{
    /// <summary>The usage now; null when the cgroup does not exist (the container is not running).</summary>
    ValueTask<CgroupStats?> ReadAsync(string cgroupsPath, CancellationToken ct);

    /// <summary>The pids of every process in the cgroup and its sub-cgroups, for <c>top</c>; empty when it does not exist.</summary>
    ValueTask<IReadOnlyList<int>> ReadPidsAsync(string cgroupsPath, CancellationToken ct);
}
