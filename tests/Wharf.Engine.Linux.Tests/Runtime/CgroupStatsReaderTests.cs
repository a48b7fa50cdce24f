using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Linux.Cgroups;

namespace Wharf.Engine.Linux.Tests.Runtime;

/// <summary>Container stats read from a real container's cgroup, and from a cgroup v2 tree laid out by the test.</summary>
public sealed class CgroupStatsReaderTests
{
    static CancellationToken Ct => CancellationToken.None;

    [RootFact]
    public async Task Reads_the_usage_and_limits_of_a_running_containers_cgroup()
    {
        await using var h = new RuntimeHarness();
        const long limit = 64 * 1024 * 1024;
        var request = h.Bundle(["sh", "-c", "sleep 1000 & sleep 1000 & wait"], resources: new OciResources(new OciMemory(limit, limit), new OciPids(50)));
        await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        var reader = new CgroupStatsReader(TimeProvider.System);

        CgroupStats? stats = null;
        for (var i = 0; i < 100 && (stats is null || stats.Pids.Current < 3); i++)
        {
            stats = await reader.ReadAsync(RuntimeHarness.CgroupsPath(request.Id), Ct);
            await Task.Delay(20);
        }
        Assert.NotNull(stats);
        Assert.Equal(3ul, stats.Pids.Current);
        Assert.Equal(50ul, stats.Pids.Limit);
        Assert.Equal((ulong)limit, stats.Memory.Limit);
        Assert.True(stats.Memory.Usage > 0);
        Assert.True(stats.Memory.Stats.ContainsKey("cache") || stats.Memory.Stats.ContainsKey("file"));
        Assert.True(stats.Cpu.TotalNs > 0);
        Assert.True(stats.Cpu.SystemUsageNs > 0);

        await h.Runtime.DeleteAsync(request.Id, force: true, Ct);
        Assert.Null(await reader.ReadAsync(RuntimeHarness.CgroupsPath(request.Id), Ct));
    }

    [Fact]
    public async Task Reads_cgroup_v2_files()
    {
        using var temp = new TempDir();
        var root = temp.Combine("cgroup");
        var dir = Path.Combine(root, "wharf", "c1");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "cpu io memory pids\n");
        File.WriteAllText(Path.Combine(dir, "cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 2\nthrottled_usec 30\n");
        File.WriteAllText(Path.Combine(dir, "memory.current"), "4096\n");
        File.WriteAllText(Path.Combine(dir, "memory.max"), "max\n");
        File.WriteAllText(Path.Combine(dir, "memory.stat"), "anon 1024\nfile 2048\n");
        File.WriteAllText(Path.Combine(dir, "pids.current"), "2\n");
        File.WriteAllText(Path.Combine(dir, "pids.max"), "100\n");
        File.WriteAllText(Path.Combine(dir, "io.stat"), "8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n");
        var proc = temp.Combine("proc");
        Directory.CreateDirectory(proc);
        File.WriteAllText(Path.Combine(proc, "stat"), "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
        File.WriteAllText(Path.Combine(proc, "meminfo"), "MemTotal:       2048 kB\n");
        var now = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var reader = new CgroupStatsReader(new FixedTime(now), root, proc);

        var stats = await reader.ReadAsync("/wharf/c1", Ct);

        Assert.NotNull(stats);
        Assert.Equal(now, stats.Read);
        Assert.Equal((1_500_000ul, 500_000ul, 1_000_000ul), (stats.Cpu.TotalNs, stats.Cpu.KernelNs, stats.Cpu.UserNs));
        Assert.Equal(280_000_000ul, stats.Cpu.SystemUsageNs); // (1+2+…+7) ticks of 10 ms
        Assert.Equal((4ul, 2ul, 30_000ul), (stats.Cpu.Periods, stats.Cpu.ThrottledPeriods, stats.Cpu.ThrottledTimeNs));
        Assert.Empty(stats.Cpu.PerCpuNs);
        Assert.Equal(4096ul, stats.Memory.Usage);
        Assert.Equal(2048ul * 1024, stats.Memory.Limit); // no limit: the host's memory
        Assert.Equal(2048ul, stats.Memory.Stats["file"]);
        Assert.Equal(new PidsUsage(2, 100), stats.Pids);
        Assert.Equal([new BlkioEntry(8, 0, "read", 10), new BlkioEntry(8, 0, "write", 20)], stats.Blkio.ServiceBytes);
        Assert.Equal([new BlkioEntry(8, 0, "read", 1), new BlkioEntry(8, 0, "write", 2)], stats.Blkio.Serviced);
        Assert.Null(await reader.ReadAsync("/wharf/gone", Ct));
    }

    [Fact]
    public async Task Pids_come_from_the_cgroup_and_its_sub_cgroups_on_v2_and_v1()
    {
        using var temp = new TempDir();
        var v2 = temp.Combine("v2");
        Directory.CreateDirectory(Path.Combine(v2, "wharf", "c1", "inner"));
        File.WriteAllText(Path.Combine(v2, "cgroup.controllers"), "cpu memory pids\n");
        File.WriteAllText(Path.Combine(v2, "wharf", "c1", "cgroup.procs"), "42\n7\n");
        File.WriteAllText(Path.Combine(v2, "wharf", "c1", "inner", "cgroup.procs"), "99\n");
        var reader = new CgroupStatsReader(TimeProvider.System, v2, temp.Combine("proc"));
        Assert.Equal([7, 42, 99], await reader.ReadPidsAsync("/wharf/c1", Ct));
        Assert.Empty(await reader.ReadPidsAsync("/wharf/gone", Ct));

        // v1: any controller hierarchy that has the cgroup answers (here only memory does).
        var v1 = temp.Combine("v1");
        Directory.CreateDirectory(Path.Combine(v1, "memory", "wharf", "c1"));
        File.WriteAllText(Path.Combine(v1, "memory", "wharf", "c1", "cgroup.procs"), "5\n");
        Assert.Equal([5], await new CgroupStatsReader(TimeProvider.System, v1, temp.Combine("proc")).ReadPidsAsync("/wharf/c1", Ct));
    }

    [RootFact]
    public async Task Pids_of_a_running_container_are_its_processes()
    {
        await using var h = new RuntimeHarness();
        var request = h.Bundle(["sh", "-c", "sleep 1000 & sleep 1000 & wait"]);
        var process = await h.Runtime.CreateAsync(request, Ct);
        await h.Runtime.StartAsync(request.Id, Ct);
        var reader = new CgroupStatsReader(TimeProvider.System);
        IReadOnlyList<int> pids = [];
        for (var i = 0; i < 100 && pids.Count < 3; i++)
        {
            pids = await reader.ReadPidsAsync(RuntimeHarness.CgroupsPath(request.Id), Ct);
            await Task.Delay(20);
        }
        Assert.Equal(3, pids.Count);
        Assert.Contains(process.Pid, pids);
        await h.Runtime.DeleteAsync(request.Id, force: true, Ct);
    }

    sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
