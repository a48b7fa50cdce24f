using System.Globalization;
using Wharf.Engine.Containers.Stats;

namespace Wharf.Engine.Linux.Cgroups;

/// <summary>
/// <see cref="ICgroupStatsReader"/> over cgroupfs: on v1 each controller's hierarchy (<c>/sys/fs/cgroup/&lt;controller&gt;/&lt;path&gt;</c>),
/// on v2 the unified one (<c>/sys/fs/cgroup/&lt;path&gt;</c>). Files a kernel does not have read as zero.
/// </summary>
public sealed class CgroupStatsReader : ICgroupStatsReader
{
    // USER_HZ: cpuacct.stat and /proc/stat count in hundredths of a second.
    const ulong NanosPerTick = 10_000_000;
    const ulong NanosPerMicro = 1_000;
    // cgroup v1's "no limit" for memory is the largest page-aligned long.
    const ulong UnlimitedV1 = 0x7FFFFFFFFFFFF000;

    readonly TimeProvider _time;
    readonly string _root;
    readonly string _proc;

    public CgroupStatsReader(TimeProvider time)
        : this(time, "/sys/fs/cgroup", "/proc")
    {
    }

    internal CgroupStatsReader(TimeProvider time, string cgroupRoot, string procRoot)
    {
        _time = time;
        _root = cgroupRoot;
        _proc = procRoot;
    }

    public ValueTask<CgroupStats?> ReadAsync(string cgroupsPath, CancellationToken ct)
    {
        var relative = cgroupsPath.TrimStart('/');
        var unified = File.Exists(Path.Combine(_root, "cgroup.controllers"));
        return ValueTask.FromResult(unified ? ReadV2(Path.Combine(_root, relative)) : ReadV1(relative));
    }

    public ValueTask<IReadOnlyList<int>> ReadPidsAsync(string cgroupsPath, CancellationToken ct)
    {
        var relative = cgroupsPath.TrimStart('/');
        var unified = File.Exists(Path.Combine(_root, "cgroup.controllers"));
        // On v1 every controller's hierarchy holds the same processes; the first one that has the cgroup answers.
        var dir = unified
            ? Path.Combine(_root, relative)
            : new[] { "pids", "memory", "cpuacct", "cpu", "devices", "freezer" }.Select(c => Path.Combine(_root, c, relative)).FirstOrDefault(Directory.Exists);
        var pids = new SortedSet<int>();
        if (dir is not null && Directory.Exists(dir)) CollectPids(dir, pids, ct);
        return ValueTask.FromResult<IReadOnlyList<int>>([.. pids]);
    }

    /// <summary>cgroup.procs of the cgroup and of every sub-cgroup below it (a container may make its own).</summary>
    static void CollectPids(string dir, SortedSet<int> pids, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        foreach (var line in Lines(Path.Combine(dir, "cgroup.procs")))
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) pids.Add(pid);
        IEnumerable<string> children;
        try
        {
            children = Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // Removed while we read: its processes are gone too.
        }
        foreach (var child in children) CollectPids(child, pids, ct);
    }

    CgroupStats? ReadV1(string relative)
    {
        string Dir(string controller) => Path.Combine(_root, controller, relative);
        if (!new[] { "memory", "pids", "cpuacct" }.Any(c => Directory.Exists(Dir(c)))) return null;

        var cpuacct = Dir("cpuacct");
        var ticks = KeyValues(Path.Combine(cpuacct, "cpuacct.stat"));
        var throttling = KeyValues(Path.Combine(Dir("cpu"), "cpu.stat"));
        var cpu = new CpuUsage(
            Number(Path.Combine(cpuacct, "cpuacct.usage")),
            ticks.GetValueOrDefault("system") * NanosPerTick,
            ticks.GetValueOrDefault("user") * NanosPerTick,
            Numbers(Path.Combine(cpuacct, "cpuacct.usage_percpu")),
            HostCpuNs(), Environment.ProcessorCount,
            throttling.GetValueOrDefault("nr_periods"), throttling.GetValueOrDefault("nr_throttled"), throttling.GetValueOrDefault("throttled_time"));

        var memory = Dir("memory");
        var limit = Number(Path.Combine(memory, "memory.limit_in_bytes"));
        var mem = new MemoryUsage(
            Number(Path.Combine(memory, "memory.usage_in_bytes")),
            Number(Path.Combine(memory, "memory.max_usage_in_bytes")),
            limit is 0 or >= UnlimitedV1 ? HostMemory() : limit,
            Number(Path.Combine(memory, "memory.failcnt")),
            KeyValues(Path.Combine(memory, "memory.stat")));

        var pids = Dir("pids");
        var blkio = Dir("blkio");
        return new CgroupStats(_time.GetUtcNow(), cpu, mem,
            new PidsUsage(Number(Path.Combine(pids, "pids.current")), Limit(Path.Combine(pids, "pids.max"))),
            new BlkioUsage(BlkioV1(blkio, "blkio.throttle.io_service_bytes"), BlkioV1(blkio, "blkio.throttle.io_serviced")));
    }

    CgroupStats? ReadV2(string dir)
    {
        if (!Directory.Exists(dir)) return null;
        var cpuStat = KeyValues(Path.Combine(dir, "cpu.stat"));
        var cpu = new CpuUsage(
            cpuStat.GetValueOrDefault("usage_usec") * NanosPerMicro,
            cpuStat.GetValueOrDefault("system_usec") * NanosPerMicro,
            cpuStat.GetValueOrDefault("user_usec") * NanosPerMicro,
            [], HostCpuNs(), Environment.ProcessorCount,
            cpuStat.GetValueOrDefault("nr_periods"), cpuStat.GetValueOrDefault("nr_throttled"), cpuStat.GetValueOrDefault("throttled_usec") * NanosPerMicro);
        var mem = new MemoryUsage(
            Number(Path.Combine(dir, "memory.current")),
            Number(Path.Combine(dir, "memory.peak")),
            Limit(Path.Combine(dir, "memory.max")) ?? HostMemory(),
            KeyValues(Path.Combine(dir, "memory.events")).GetValueOrDefault("max"),
            KeyValues(Path.Combine(dir, "memory.stat")));
        var bytes = new List<BlkioEntry>();
        var serviced = new List<BlkioEntry>();
        foreach (var line in Lines(Path.Combine(dir, "io.stat")))
        {
            // "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !TryDevice(fields[0], out var major, out var minor)) continue;
            var values = fields.Skip(1).Select(f => f.Split('=')).Where(kv => kv.Length == 2)
                .ToDictionary(kv => kv[0], kv => ulong.TryParse(kv[1], CultureInfo.InvariantCulture, out var v) ? v : 0);
            bytes.Add(new BlkioEntry(major, minor, "read", values.GetValueOrDefault("rbytes")));
            bytes.Add(new BlkioEntry(major, minor, "write", values.GetValueOrDefault("wbytes")));
            serviced.Add(new BlkioEntry(major, minor, "read", values.GetValueOrDefault("rios")));
            serviced.Add(new BlkioEntry(major, minor, "write", values.GetValueOrDefault("wios")));
        }
        return new CgroupStats(_time.GetUtcNow(), cpu, mem,
            new PidsUsage(Number(Path.Combine(dir, "pids.current")), Limit(Path.Combine(dir, "pids.max"))),
            new BlkioUsage(bytes, serviced));
    }

    static List<BlkioEntry> BlkioV1(string dir, string file)
    {
        // The recursive variant counts the cgroup's children too (a container's own sub-cgroups); older kernels lack it.
        var path = Path.Combine(dir, file + "_recursive");
        if (!File.Exists(path)) path = Path.Combine(dir, file);
        var entries = new List<BlkioEntry>();
        foreach (var line in Lines(path))
        {
            // "8:0 Read 4096"; the last line is "Total N" for all devices.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !TryDevice(fields[0], out var major, out var minor)) continue;
            entries.Add(new BlkioEntry(major, minor, fields[1], ulong.TryParse(fields[2], CultureInfo.InvariantCulture, out var v) ? v : 0));
        }
        return entries;
    }

    // Docker's system_cpu_usage: the first seven fields of /proc/stat's "cpu" line, in nanoseconds.
    ulong HostCpuNs()
    {
        var line = Lines(Path.Combine(_proc, "stat")).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null) return 0;
        ulong ticks = 0;
        foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7))
            ticks += ulong.TryParse(field, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return ticks * NanosPerTick;
    }

    ulong HostMemory()
    {
        var line = Lines(Path.Combine(_proc, "meminfo")).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && ulong.TryParse(fields[1], CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    static bool TryDevice(string text, out uint major, out uint minor)
    {
        major = minor = 0;
        var parts = text.Split(':');
        return parts.Length == 2 && uint.TryParse(parts[0], CultureInfo.InvariantCulture, out major) && uint.TryParse(parts[1], CultureInfo.InvariantCulture, out minor);
    }

    static ulong Number(string path) =>
        ulong.TryParse(Read(path)?.Trim(), CultureInfo.InvariantCulture, out var value) ? value : 0;

    static ulong? Limit(string path)
    {
        var text = Read(path)?.Trim();
        return text is null or "max" ? null : ulong.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    static List<ulong> Numbers(string path) =>
        (Read(path) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => ulong.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : 0).ToList();

    static Dictionary<string, ulong> KeyValues(string path)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in Lines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && ulong.TryParse(fields[1], CultureInfo.InvariantCulture, out var value)) values[fields[0]] = value;
        }
        return values;
    }

    static IEnumerable<string> Lines(string path) =>
        (Read(path) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // Not there on this kernel or in this cgroup version, or the cgroup went away.
        }
    }
}
