using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// The docker CLI's stats arithmetic (cli/command/container/stats_helpers.go) and its formatter.StatsContext fields: CPU % from
/// the delta against <c>precpu_stats</c>, memory without the page cache, network and block I/O summed over interfaces and devices.
/// </summary>
internal static class StatsRows
{
    public const string StructType = "*container.statsContext";
    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Container"] = "CONTAINER", ["ID"] = "CONTAINER ID", ["Name"] = "NAME", ["CPUPerc"] = "CPU %", ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %", ["NetIO"] = "NET I/O", ["BlockIO"] = "BLOCK I/O", ["PIDs"] = "PIDS",
    };

    /// <summary>The numbers of one sample.</summary>
    internal sealed record Entry(string Container, string Name, string Id, double CpuPercentage, double Memory, double MemoryLimit,
        double MemoryPercentage, double NetworkRx, double NetworkTx, double BlockRead, double BlockWrite, ulong PidsCurrent, bool IsInvalid)
    {
        public static Entry Invalid(string container) => new(container, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, IsInvalid: true);
    }

    /// <summary>Computes a sample's entry; <paramref name="container"/> is the name as the user gave it (the .Container field).</summary>
    public static Entry Compute(string container, ContainerStats s)
    {
        // A container that never ran answers with empty objects; every part may be missing.
        var memory = MemoryWithoutCache(s.MemoryStats ?? new());
        var limit = (double)(s.MemoryStats?.Limit ?? 0);
        var (rx, tx) = Network(s.Networks);
        var (read, write) = BlockIo(s.BlkioStats);
        return new Entry(container, s.Name, s.Id, CpuPercent(s), memory, limit, limit != 0 ? memory / limit * 100.0 : 0,
            rx, tx, read, write, s.PidsStats?.Current ?? 0, IsInvalid: false);
    }

    /// <summary>calculateCPUPercentUnix: container CPU time over system CPU time between two samples, times the CPU count.</summary>
    public static double CpuPercent(ContainerStats s)
    {
        var cpuDelta = (double)(s.CpuStats?.CpuUsage?.TotalUsage ?? 0) - (s.PreCpuStats?.CpuUsage?.TotalUsage ?? 0);
        var systemDelta = (double)(s.CpuStats?.SystemUsage ?? 0) - (s.PreCpuStats?.SystemUsage ?? 0);
        double online = s.CpuStats?.OnlineCpus ?? 0;
        if (online == 0) online = s.CpuStats?.CpuUsage?.PercpuUsage?.Count ?? 0;
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100.0 : 0;
    }

    /// <summary>calculateMemUsageUnixNoCache: usage minus inactive file pages (cgroup v1 total_inactive_file, v2 inactive_file).</summary>
    public static double MemoryWithoutCache(MemoryStats m)
    {
        var usage = m.Usage ?? 0;
        var stats = m.Stats ?? new Dictionary<string, ulong>();
        if (stats.TryGetValue("total_inactive_file", out var v1) && v1 < usage) return usage - v1;
        if (stats.GetValueOrDefault("inactive_file") is var v2 && v2 < usage) return usage - v2;
        return usage;
    }

    static (double Rx, double Tx) Network(IReadOnlyDictionary<string, NetworkStats>? networks)
    {
        double rx = 0, tx = 0;
        foreach (var n in networks?.Values ?? [])
        {
            rx += n.RxBytes;
            tx += n.TxBytes;
        }
        return (rx, tx);
    }

    static (double Read, double Write) BlockIo(BlkioStats? blkio)
    {
        ulong read = 0, write = 0;
        foreach (var e in blkio?.IoServiceBytesRecursive ?? [])
        {
            if (string.IsNullOrEmpty(e.Op)) continue;
            switch (e.Op[0])
            {
                case 'r' or 'R': read += e.Value; break;
                case 'w' or 'W': write += e.Value; break;
            }
        }
        return (read, write);
    }

    /// <summary>formatter.StatsContext's fields as strings ("--" for a container whose stats could not be read).</summary>
    public static TemplateStruct Row(Entry e, bool truncate) => Formatter.Row(StructType,
        ("Container", e.Container),
        ("ID", truncate ? ImageRows.ShortId(e.Id) : e.Id),
        ("Name", e.Name.Length > 1 ? e.Name[1..] : "--"),
        ("CPUPerc", e.IsInvalid ? "--" : Percent(e.CpuPercentage)),
        ("MemUsage", e.IsInvalid ? "-- / --" : $"{Humanize.BytesSize(e.Memory)} / {Humanize.BytesSize(e.MemoryLimit)}"),
        ("MemPerc", e.IsInvalid ? "--" : Percent(e.MemoryPercentage)),
        ("NetIO", e.IsInvalid ? "--" : $"{Humanize.SizeWithPrecision(e.NetworkRx, 3)} / {Humanize.SizeWithPrecision(e.NetworkTx, 3)}"),
        ("BlockIO", e.IsInvalid ? "--" : $"{Humanize.SizeWithPrecision(e.BlockRead, 3)} / {Humanize.SizeWithPrecision(e.BlockWrite, 3)}"),
        ("PIDs", e.IsInvalid ? "--" : e.PidsCurrent.ToString(CultureInfo.InvariantCulture)));

    static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
