namespace Wharf.Engine.Info;

/// <summary>Which resource limits the host's cgroups can enforce; <c>/info</c> reports them and warns about the missing ones.</summary>
public sealed record CgroupSupport(
    bool MemoryLimit,
    bool SwapLimit,
    bool CpuCfsPeriod,
    bool CpuCfsQuota,
    bool CpuShares,
    bool CpuSet,
    bool PidsLimit,
    bool OomKillDisable);
