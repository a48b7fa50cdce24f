namespace Wharf.Engine.Containers.Stats;

/// <summary>One reading of a container's cgroup, in the units Docker's stats use (nanoseconds, bytes).</summary>
public sealed record CgroupStats(DateTimeOffset Read, CpuUsage Cpu, MemoryUsage Memory, PidsUsage Pids, BlkioUsage Blkio);

/// <summary>
/// CPU time of the cgroup and of the host (<see cref="SystemUsageNs"/>, from /proc/stat, which Docker's CPU percentage
/// divides by); <see cref="PerCpuNs"/> is empty on cgroup v2, which does not report it.
/// </summary>
public sealed record CpuUsage(
    ulong TotalNs, ulong KernelNs, ulong UserNs, IReadOnlyList<ulong> PerCpuNs, ulong SystemUsageNs, int OnlineCpus,
    ulong Periods, ulong ThrottledPeriods, ulong ThrottledTimeNs);

/// <summary>Memory in bytes; <see cref="Limit"/> is the host's memory when the cgroup has none; <see cref="Stats"/> is memory.stat as is.</summary>
public sealed record MemoryUsage(ulong Usage, ulong MaxUsage, ulong Limit, ulong FailCount, IReadOnlyDictionary<string, ulong> Stats);

/// <summary>The number of tasks and their limit (null when unlimited).</summary>
public sealed record PidsUsage(ulong Current, ulong? Limit);

/// <summary>Block I/O per device and operation (Read, Write, Sync, Async, Discard, Total), as Docker's blkio_stats lists them.</summary>
public sealed record BlkioUsage(IReadOnlyList<BlkioEntry> ServiceBytes, IReadOnlyList<BlkioEntry> Serviced);

/// <summary>One device's counter for one operation.</summary>
public sealed record BlkioEntry(uint Major, uint Minor, string Op, ulong Value);
