using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>
/// One sample of <c>GET /containers/{name}/stats</c> in the v1.41 (cgroup v1) shape. The first sample of a stream has
/// <c>preread</c> = Go's zero time and zeroed <c>precpu_stats</c>; <c>num_procs</c> is 0 and <c>storage_stats</c> <c>{}</c> on Linux.
/// </summary>
public sealed record ContainerStats
{
    [JsonPropertyName("read")] public required string Read { get; init; }
    [JsonPropertyName("preread")] public required string PreRead { get; init; }
    [JsonPropertyName("pids_stats")] public PidsStats PidsStats { get; init; } = new();
    [JsonPropertyName("blkio_stats")] public BlkioStats BlkioStats { get; init; } = new();
    [JsonPropertyName("num_procs")] public int NumProcs { get; init; }
    [JsonPropertyName("storage_stats")] public StorageStats StorageStats { get; init; } = new();
    [JsonPropertyName("cpu_stats")] public CpuStats CpuStats { get; init; } = new();
    [JsonPropertyName("precpu_stats")] public CpuStats PreCpuStats { get; init; } = new();
    [JsonPropertyName("memory_stats")] public MemoryStats MemoryStats { get; init; } = new();
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Per interface; absent for containers without a network namespace of their own.</summary>
    [JsonPropertyName("networks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, NetworkStats>? Networks { get; init; }
}

/// <summary>Process counts of the container's pids cgroup.</summary>
public sealed record PidsStats
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Current { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Limit { get; init; }
}

/// <summary>The blkio cgroup counters; every list is <c>[]</c> when the kernel reports nothing, <c>null</c> in a not-running container's sample.</summary>
public sealed record BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")] public IReadOnlyList<BlkioStatEntry>? IoServiceBytesRecursive { get; init; } = [];
    [JsonPropertyName("io_serviced_recursive")] public IReadOnlyList<BlkioStatEntry>? IoServicedRecursive { get; init; } = [];
    [JsonPropertyName("io_queue_recursive")] public IReadOnlyList<BlkioStatEntry>? IoQueuedRecursive { get; init; } = [];
    [JsonPropertyName("io_service_time_recursive")] public IReadOnlyList<BlkioStatEntry>? IoServiceTimeRecursive { get; init; } = [];
    [JsonPropertyName("io_wait_time_recursive")] public IReadOnlyList<BlkioStatEntry>? IoWaitTimeRecursive { get; init; } = [];
    [JsonPropertyName("io_merged_recursive")] public IReadOnlyList<BlkioStatEntry>? IoMergedRecursive { get; init; } = [];
    [JsonPropertyName("io_time_recursive")] public IReadOnlyList<BlkioStatEntry>? IoTimeRecursive { get; init; } = [];
    [JsonPropertyName("sectors_recursive")] public IReadOnlyList<BlkioStatEntry>? SectorsRecursive { get; init; } = [];
}

/// <summary>One blkio counter of one device and operation (<c>Read</c>, <c>Write</c>, <c>Total</c>…).</summary>
public sealed record BlkioStatEntry
{
    [JsonPropertyName("major")] public ulong Major { get; init; }
    [JsonPropertyName("minor")] public ulong Minor { get; init; }
    [JsonPropertyName("op")] public string Op { get; init; } = "";
    [JsonPropertyName("value")] public ulong Value { get; init; }
}

/// <summary>Always <c>{}</c> on Linux.</summary>
public sealed record StorageStats
{
    [JsonPropertyName("read_count_normalized"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? ReadCountNormalized { get; init; }
    [JsonPropertyName("read_size_bytes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? ReadSizeBytes { get; init; }
    [JsonPropertyName("write_count_normalized"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? WriteCountNormalized { get; init; }
    [JsonPropertyName("write_size_bytes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? WriteSizeBytes { get; init; }
}

/// <summary>CPU counters in nanoseconds; <c>system_cpu_usage</c> and <c>online_cpus</c> are absent in a zeroed sample.</summary>
public sealed record CpuStats
{
    [JsonPropertyName("cpu_usage")] public CpuUsage CpuUsage { get; init; } = new();
    [JsonPropertyName("system_cpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? SystemUsage { get; init; }
    [JsonPropertyName("online_cpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public uint? OnlineCpus { get; init; }
    [JsonPropertyName("throttling_data")] public ThrottlingData ThrottlingData { get; init; } = new();
}

/// <summary>Total, per-CPU, kernel and user time of the container's cgroup.</summary>
public sealed record CpuUsage
{
    [JsonPropertyName("total_usage")] public ulong TotalUsage { get; init; }
    [JsonPropertyName("percpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<ulong>? PercpuUsage { get; init; }
    [JsonPropertyName("usage_in_kernelmode")] public ulong UsageInKernelmode { get; init; }
    [JsonPropertyName("usage_in_usermode")] public ulong UsageInUsermode { get; init; }
}

/// <summary>CFS throttling counters.</summary>
public sealed record ThrottlingData
{
    [JsonPropertyName("periods")] public ulong Periods { get; init; }
    [JsonPropertyName("throttled_periods")] public ulong ThrottledPeriods { get; init; }
    [JsonPropertyName("throttled_time")] public ulong ThrottledTime { get; init; }
}

/// <summary>Memory usage; <c>stats</c> holds the raw cgroup v1 <c>memory.stat</c> keys.</summary>
public sealed record MemoryStats
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Usage { get; init; }
    [JsonPropertyName("max_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? MaxUsage { get; init; }
    [JsonPropertyName("stats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyDictionary<string, ulong>? Stats { get; init; }
    [JsonPropertyName("failcnt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Failcnt { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ulong? Limit { get; init; }
}

/// <summary>Counters of one network interface.</summary>
public sealed record NetworkStats
{
    [JsonPropertyName("rx_bytes")] public ulong RxBytes { get; init; }
    [JsonPropertyName("rx_packets")] public ulong RxPackets { get; init; }
    [JsonPropertyName("rx_errors")] public ulong RxErrors { get; init; }
    [JsonPropertyName("rx_dropped")] public ulong RxDropped { get; init; }
    [JsonPropertyName("tx_bytes")] public ulong TxBytes { get; init; }
    [JsonPropertyName("tx_packets")] public ulong TxPackets { get; init; }
    [JsonPropertyName("tx_errors")] public ulong TxErrors { get; init; }
    [JsonPropertyName("tx_dropped")] public ulong TxDropped { get; init; }
}
