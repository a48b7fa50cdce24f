using Wharf.Api.Containers;
using Wharf.Engine.Containers.Observe;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Formats;

namespace Wharf.Server.Mapping;

/// <summary>
/// Cgroup readings -> the v1.41 stats object. <c>precpu_stats</c> and <c>preread</c> come from the previous reading;
/// the first sample of a stream has none, so they are zeroed and Go's zero time, as dockerd sends them. Fields dockerd
/// marks omitempty (failcnt, pids limit, percpu_usage on cgroup v2…) are left out when zero or empty.
/// </summary>
internal static class ContainerStatsMapping
{
    /// <summary>
    /// One sample of the engine's feed; a container that is not running gets dockerd's <c>StatsJSON{Name, ID}</c>: zero
    /// times, zero counters, <c>null</c> blkio lists, empty memory and pids objects. Networks are not reported yet.
    /// </summary>
    public static ContainerStats ToStats(StatsSample sample, string name, string id) =>
        sample.Current is { } current ? ToStats(current, sample.Previous, name, id, null) : NotRunning(name, id);

    static ContainerStats NotRunning(string name, string id) => new()
    {
        Read = GoTime.Rfc3339NanoOrZero(null),
        PreRead = GoTime.Rfc3339NanoOrZero(null),
        BlkioStats = new BlkioStats
        {
            IoServiceBytesRecursive = null,
            IoServicedRecursive = null,
            IoQueuedRecursive = null,
            IoServiceTimeRecursive = null,
            IoWaitTimeRecursive = null,
            IoMergedRecursive = null,
            IoTimeRecursive = null,
            SectorsRecursive = null,
        },
        Name = Slashed(name),
        Id = id,
    };

    static string Slashed(string name) => name.StartsWith('/') ? name : "/" + name;

    public static ContainerStats ToStats(CgroupStats current, CgroupStats? previous, string name, string id,
                                         IReadOnlyDictionary<string, NetworkStats>? networks) => new()
    {
        Read = GoTime.Rfc3339Nano(current.Read),
        PreRead = GoTime.Rfc3339NanoOrZero(previous?.Read),
        PidsStats = new PidsStats { Current = current.Pids.Current, Limit = current.Pids.Limit is > 0 ? current.Pids.Limit : null },
        BlkioStats = new BlkioStats
        {
            IoServiceBytesRecursive = ToBlkio(current.Blkio.ServiceBytes),
            IoServicedRecursive = ToBlkio(current.Blkio.Serviced),
        },
        CpuStats = ToCpu(current.Cpu),
        PreCpuStats = previous is null ? new CpuStats() : ToCpu(previous.Cpu),
        MemoryStats = new MemoryStats
        {
            Usage = current.Memory.Usage,
            MaxUsage = current.Memory.MaxUsage is > 0 ? current.Memory.MaxUsage : null,
            Stats = current.Memory.Stats,
            Failcnt = current.Memory.FailCount is > 0 ? current.Memory.FailCount : null,
            Limit = current.Memory.Limit,
        },
        Name = Slashed(name),
        Id = id,
        Networks = networks,
    };

    static CpuStats ToCpu(Wharf.Engine.Containers.Stats.CpuUsage cpu) => new()
    {
        CpuUsage = new Wharf.Api.Containers.CpuUsage
        {
            TotalUsage = cpu.TotalNs,
            PercpuUsage = cpu.PerCpuNs.Count > 0 ? cpu.PerCpuNs : null,
            UsageInKernelmode = cpu.KernelNs,
            UsageInUsermode = cpu.UserNs,
        },
        SystemUsage = cpu.SystemUsageNs,
        OnlineCpus = (uint)cpu.OnlineCpus,
        ThrottlingData = new ThrottlingData { Periods = cpu.Periods, ThrottledPeriods = cpu.ThrottledPeriods, ThrottledTime = cpu.ThrottledTimeNs },
    };

    static BlkioStatEntry[] ToBlkio(IReadOnlyList<BlkioEntry> entries) =>
        [.. entries.Select(e => new BlkioStatEntry { Major = e.Major, Minor = e.Minor, Op = e.Op, Value = e.Value })];
}
