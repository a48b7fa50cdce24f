using System.Text.Json;
using Wharf.Engine.Containers.Stats;
using Wharf.Server.Http;
using Wharf.Server.Mapping;
using WireNetworkStats = Wharf.Api.Containers.NetworkStats;

namespace Wharf.Server.Tests.Containers;

/// <summary>Cgroup readings -> the stats JSON dockerd sends.</summary>
public sealed class ContainerStatsMappingTests
{
    static readonly Dictionary<string, ulong> MemoryStat = JsonSerializer.Deserialize<Dictionary<string, ulong>>(
        JsonDocument.Parse(GoldenContainers.StatsSample).RootElement.GetProperty("memory_stats").GetProperty("stats").GetRawText())!;

    static CgroupStats Reading(string time, ulong total, ulong[] perCpu, ulong kernel, ulong user, ulong system) => new(
        DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
        new CpuUsage(total, kernel, user, perCpu, system, 2, 0, 0, 0),
        new MemoryUsage(757760, 3690496, 25276026880, 0, MemoryStat),
        new PidsUsage(2, null),
        new BlkioUsage([], []));

    [Fact]
    public void Two_readings_give_dockerd_sample_byte_for_byte()
    {
        var previous = Reading("2026-11-30T02:50:43.192610023Z", 115900549, [43943308, 71957241], 70000000, 30000000, 961480000000);
        var current = Reading("2026-11-30T02:50:44.201014345Z", 120087169, [45196469, 74890700], 80000000, 30000000, 963480000000);
        var networks = new Dictionary<string, WireNetworkStats> { ["eth0"] = new() { RxBytes = 586, RxPackets = 7 } };
        var stats = ContainerStatsMapping.ToStats(current, previous, "gtcap-c2", "5d51a25bd795075d0f9b652d229d828bcea0541014e10f07f20dec450932d4a5", networks);
        // DateTimeOffset keeps 100 ns ticks: the golden times lose their last two digits (and Go trims trailing zeros).
        var expected = GoldenContainers.StatsSample
            .Replace("02:50:44.201014345Z", "02:50:44.2010143Z", StringComparison.Ordinal)
            .Replace("02:50:43.192610023Z", "02:50:43.19261Z", StringComparison.Ordinal);
        Assert.Equal(expected, JsonSerializer.Serialize(stats, WireJson.Context.ContainerStats));
    }

    [Fact]
    public void The_first_sample_has_zero_preread_and_zeroed_precpu()
    {
        var current = Reading("2026-11-30T02:50:44.201014345Z", 1, [], 0, 0, 5);
        var json = JsonSerializer.Serialize(ContainerStatsMapping.ToStats(current, null, "/c", "id", null), WireJson.Context.ContainerStats);
        Assert.Contains("\"preread\":\"0001-01-01T00:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("percpu_usage", json, StringComparison.Ordinal);
        Assert.DoesNotContain("networks", json, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"/c\"", json, StringComparison.Ordinal);
    }
}
