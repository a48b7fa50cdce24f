using Wharf.Engine.Containers.Oci;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>Validates a container's resource limits with dockerd's rules and messages and turns them into OCI cgroup settings.</summary>
internal static class ResourceSpec
{
    const long MinMemory = 6 * 1024 * 1024;
    const ulong DefaultCfsPeriod = 100_000;

    /// <summary>Throws InvalidArgument with dockerd's wording when a limit is out of range or conflicts with another.</summary>
    public static void Validate(HostSettings host, int cpuCount)
    {
        var r = host.Resources;
        if (r.Memory != 0 && r.Memory < MinMemory) throw Invalid("Minimum memory limit allowed is 6MB");
        if (r.Memory > 0 && r.MemorySwap > 0 && r.MemorySwap < r.Memory)
            throw Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (r.Memory == 0 && r.MemorySwap > 0)
            throw Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (r.MemorySwappiness is { } sw && sw != -1 && sw is < 0 or > 100)
            throw Invalid($"Invalid value: {sw}, valid memory swappiness range is 0-100");
        if (r.MemoryReservation > 0 && r.MemoryReservation < MinMemory) throw Invalid("Minimum memory reservation allowed is 6MB");
        if (r.Memory > 0 && r.MemoryReservation > 0 && r.Memory < r.MemoryReservation)
            throw Invalid("Minimum memory limit can not be less than memory reservation limit, see usage");

        if (r.NanoCpus > 0 && r.CpuPeriod > 0) throw Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (r.NanoCpus > 0 && r.CpuQuota > 0) throw Invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        if (r.NanoCpus < 0 || r.NanoCpus > cpuCount * 1_000_000_000L)
            throw Invalid($"Range of CPUs is from 0.01 to {cpuCount}.00, as there are only {cpuCount} CPUs available");
        if (r.CpuShares < 0) throw Invalid("shares: invalid argument");
        if (r.CpuPeriod != 0 && r.CpuPeriod is < 1000 or > 1_000_000)
            throw Invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        if (r.CpuQuota > 0 && r.CpuQuota < 1000) throw Invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        if (r.CpusetCpus != "" && !IsUintList(r.CpusetCpus)) throw Invalid($"Invalid value {r.CpusetCpus} for cpuset cpus");
        if (r.CpusetMems != "" && !IsUintList(r.CpusetMems)) throw Invalid($"Invalid value {r.CpusetMems} for cpuset mems");
        if (r.BlkioWeight > 0 && r.BlkioWeight is < 10 or > 1000) throw Invalid("Range of blkio weight is from 10 to 1000");

        if (host.ShmSize < 0) throw Invalid("SHM size can not be less than 0");
        if (host.OomScoreAdj is < -1000 or > 1000)
            throw Invalid($"Invalid value {host.OomScoreAdj}, range for oom score adj is [-1000, 1000]");
    }

    /// <summary>The OCI resources, device rules included; call <see cref="Validate"/> first.</summary>
    public static OciResources Build(ResourceLimits r, IReadOnlyList<OciDeviceCgroup> devices)
    {
        OciMemory? memory = null;
        // dockerd gives a memory limit twice its size in memory+swap unless told otherwise; -1 (unlimited) is left unset.
        var swap = r.Memory > 0 && r.MemorySwap == 0 ? r.Memory * 2 : r.MemorySwap;
        var swappiness = r.MemorySwappiness is { } s && s != -1 ? (ulong?)s : null;
        if (r.Memory > 0 || r.MemoryReservation > 0 || swap > 0 || swappiness is not null || r.OomKillDisable is not null)
        {
            memory = new OciMemory
            {
                Limit = r.Memory > 0 ? r.Memory : null,
                Reservation = r.MemoryReservation > 0 ? r.MemoryReservation : null,
                Swap = swap > 0 ? swap : null,
                Swappiness = swappiness,
                DisableOomKiller = r.OomKillDisable,
            };
        }

        ulong? period = null;
        long? quota = null;
        if (r.NanoCpus > 0)
        {
            period = DefaultCfsPeriod;
            quota = r.NanoCpus * (long)DefaultCfsPeriod / 1_000_000_000L;
        }
        if (r.CpuPeriod != 0) period = (ulong)r.CpuPeriod;
        if (r.CpuQuota != 0) quota = r.CpuQuota;
        var cpu = new OciCpu
        {
            Shares = (ulong)r.CpuShares,
            Quota = quota,
            Period = period,
            Cpus = r.CpusetCpus == "" ? null : r.CpusetCpus,
            Mems = r.CpusetMems == "" ? null : r.CpusetMems,
        };

        return new OciResources
        {
            Devices = devices,
            Memory = memory,
            Cpu = cpu,
            // 0 and negative values mean "unlimited" to dockerd, which leaves the pids cgroup alone.
            Pids = r.PidsLimit is > 0 ? new OciPids(r.PidsLimit.Value) : null,
            BlockIo = r.BlkioWeight > 0 ? new OciBlockIo { Weight = (ushort)r.BlkioWeight } : null,
        };
    }

    static bool IsUintList(string s) =>
        s.Split(',').All(part =>
        {
            var range = part.Split('-');
            if (range.Length > 2 || range.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit))) return false;
            return range.Length == 1 || long.Parse(range[0]) <= long.Parse(range[1]);
        });

    static EngineException Invalid(string message) => EngineException.Invalid(message);
}
