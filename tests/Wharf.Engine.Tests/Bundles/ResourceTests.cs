using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests.Bundles;

public sealed class ResourceTests : IDisposable
{
    const long Mi = 1024 * 1024;
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    Task<System.Text.Json.JsonElement> With(ResourceLimits r) => h.WriteAsync(host: new HostSettings { Resources = r });

    [Fact]
    public async Task No_limits_write_only_shares_and_the_default_device_rules()
    {
        var spec = await With(new ResourceLimits());
        var res = spec.At("linux.resources");
        Assert.False(res.Has("memory"));
        Assert.False(res.Has("pids"));
        Assert.False(res.Has("blockIO"));
        Assert.Equal(0UL, res.At("cpu.shares").GetUInt64());
        Assert.False(res.Has("cpu.quota"));
    }

    [Fact]
    public async Task Memory_gets_twice_its_size_as_swap_by_default()
    {
        var spec = await With(new ResourceLimits { Memory = 64 * Mi, MemoryReservation = 32 * Mi, MemorySwappiness = 10, OomKillDisable = true });
        var mem = spec.At("linux.resources.memory");
        Assert.Equal(64 * Mi, mem.GetProperty("limit").GetInt64());
        Assert.Equal(128 * Mi, mem.GetProperty("swap").GetInt64());
        Assert.Equal(32 * Mi, mem.GetProperty("reservation").GetInt64());
        Assert.Equal(10UL, mem.GetProperty("swappiness").GetUInt64());
        Assert.True(mem.GetProperty("disableOOMKiller").GetBoolean());
    }

    [Fact]
    public async Task Explicit_and_unlimited_swap()
    {
        Assert.Equal(100 * Mi, (await With(new ResourceLimits { Memory = 64 * Mi, MemorySwap = 100 * Mi })).At("linux.resources.memory.swap").GetInt64());
        var unlimited = await With(new ResourceLimits { Memory = 64 * Mi, MemorySwap = -1 });
        Assert.False(unlimited.Has("linux.resources.memory.swap"));
        Assert.Equal(64 * Mi, unlimited.At("linux.resources.memory.limit").GetInt64());
    }

    [Fact]
    public async Task Swappiness_minus_one_means_unset()
    {
        Assert.False((await With(new ResourceLimits { MemorySwappiness = -1 })).Has("linux.resources.memory"));
    }

    [Fact]
    public async Task Nano_cpus_become_quota_over_a_100ms_period()
    {
        var cpu = (await With(new ResourceLimits { NanoCpus = 1_500_000_000 })).At("linux.resources.cpu");
        Assert.Equal(100_000UL, cpu.GetProperty("period").GetUInt64());
        Assert.Equal(150_000L, cpu.GetProperty("quota").GetInt64());
    }

    [Fact]
    public async Task Cpu_shares_quota_period_and_cpusets()
    {
        var cpu = (await With(new ResourceLimits { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 200_000, CpusetCpus = "0-1", CpusetMems = "0" }))
            .At("linux.resources.cpu");
        Assert.Equal(512UL, cpu.GetProperty("shares").GetUInt64());
        Assert.Equal(50_000L, cpu.GetProperty("quota").GetInt64());
        Assert.Equal(200_000UL, cpu.GetProperty("period").GetUInt64());
        Assert.Equal("0-1", cpu.GetProperty("cpus").GetString());
        Assert.Equal("0", cpu.GetProperty("mems").GetString());
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(-1L, false)]
    [InlineData(100L, true)]
    public async Task Pids_limit_zero_or_negative_is_unlimited(long limit, bool present)
    {
        var spec = await With(new ResourceLimits { PidsLimit = limit });
        Assert.Equal(present, spec.Has("linux.resources.pids"));
        if (present) Assert.Equal(limit, spec.At("linux.resources.pids.limit").GetInt64());
    }

    [Fact]
    public async Task Blkio_weight()
    {
        Assert.Equal(300, (await With(new ResourceLimits { BlkioWeight = 300 })).At("linux.resources.blockIO.weight").GetInt32());
    }

    [Theory]
    [InlineData("Minimum memory limit allowed is 6MB", 4 * Mi, 0L, 0L)]
    [InlineData("Minimum memoryswap limit should be larger than memory limit, see usage", 64 * Mi, 32 * Mi, 0L)]
    [InlineData("You should always set the Memory limit when using Memoryswap limit, see usage", 0L, 32 * Mi, 0L)]
    [InlineData("Minimum memory reservation allowed is 6MB", 0L, 0L, 1 * Mi)]
    [InlineData("Minimum memory limit can not be less than memory reservation limit, see usage", 64 * Mi, 0L, 128 * Mi)]
    public async Task Memory_validation(string message, long memory, long swap, long reservation)
    {
        var e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Memory = memory, MemorySwap = swap, MemoryReservation = reservation } });
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    public static TheoryData<string, ResourceLimits> CpuCases => new()
    {
        { "Invalid value: 101, valid memory swappiness range is 0-100", new ResourceLimits { MemorySwappiness = 101 } },
        { "Conflicting options: Nano CPUs and CPU Period cannot both be set", new ResourceLimits { NanoCpus = 1_000_000_000, CpuPeriod = 100_000 } },
        { "Conflicting options: Nano CPUs and CPU Quota cannot both be set", new ResourceLimits { NanoCpus = 1_000_000_000, CpuQuota = 100_000 } },
        { "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", new ResourceLimits { NanoCpus = 3_000_000_000 } },
        { "shares: invalid argument", new ResourceLimits { CpuShares = -1 } },
        { "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)", new ResourceLimits { CpuPeriod = 999 } },
        { "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)", new ResourceLimits { CpuPeriod = 1_000_001 } },
        { "CPU cfs quota can not be less than 1ms (i.e. 1000)", new ResourceLimits { CpuQuota = 999 } },
        { "Invalid value 0-x for cpuset cpus", new ResourceLimits { CpusetCpus = "0-x" } },
        { "Invalid value 1,,2 for cpuset mems", new ResourceLimits { CpusetMems = "1,,2" } },
        { "Range of blkio weight is from 10 to 1000", new ResourceLimits { BlkioWeight = 5 } },
        { "Range of blkio weight is from 10 to 1000", new ResourceLimits { BlkioWeight = 1001 } },
    };

    [Theory]
    [MemberData(nameof(CpuCases))]
    public async Task Cpu_and_other_validation(string message, ResourceLimits limits)
    {
        var e = await h.FailAsync(host: new HostSettings { Resources = limits });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Negative_shm_size_is_invalid()
    {
        Assert.Equal("SHM size can not be less than 0", (await h.FailAsync(host: new HostSettings { ShmSize = -1 })).Message);
    }

    [Fact]
    public async Task Devices_are_created_with_their_cgroup_rule()
    {
        var spec = await With(new ResourceLimits { Devices = [new DeviceMapping("/dev/fuse", "/dev/myfuse", "rw")] });
        var dev = spec.At("linux.devices").EnumerateArray().Single();
        Assert.Equal("/dev/myfuse", dev.GetProperty("path").GetString());
        Assert.Equal("c", dev.GetProperty("type").GetString());
        Assert.Equal(10, dev.GetProperty("major").GetInt64());
        Assert.Equal(229, dev.GetProperty("minor").GetInt64());
        Assert.Equal(0x1b6u, dev.GetProperty("fileMode").GetUInt32());
        var rule = spec.At("linux.resources.devices").EnumerateArray().Last();
        Assert.True(rule.GetProperty("allow").GetBoolean());
        Assert.Equal(10, rule.GetProperty("major").GetInt64());
        Assert.Equal("rw", rule.GetProperty("access").GetString());
    }

    [Fact]
    public async Task Default_device_rules_deny_all_then_allow_the_standard_nodes()
    {
        var rules = (await With(new ResourceLimits())).At("linux.resources.devices").EnumerateArray().ToList();
        Assert.Equal(8, rules.Count);
        Assert.False(rules[0].GetProperty("allow").GetBoolean());
        Assert.False(rules[0].Has("type"));
        Assert.Equal("rwm", rules[0].GetProperty("access").GetString());
        Assert.Equal([(1L, 5L), (1, 3), (1, 9), (1, 8), (5, 0), (5, 1), (10, 229)],
            rules.Skip(1).Select(r => (r.GetProperty("major").GetInt64(), r.GetProperty("minor").GetInt64())).ToArray());
        Assert.False(rules[7].GetProperty("allow").GetBoolean());
        Assert.False((await With(new ResourceLimits())).Has("linux.devices"));
    }

    [Fact]
    public async Task Device_errors_use_dockers_wording()
    {
        var e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Devices = [new DeviceMapping("/dev/nope", "/dev/nope", "rwm")] } });
        Assert.Equal("error gathering device information while adding custom device \"/dev/nope\": lstat /dev/nope: no such file or directory", e.Message);
        e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Devices = [new DeviceMapping("/dev/dir-not-device", "/dev/x", "rwm")] } });
        Assert.Equal("error gathering device information while adding custom device \"/dev/dir-not-device\": not a device node", e.Message);
        e = await h.FailAsync(host: new HostSettings { Resources = new ResourceLimits { Devices = [new DeviceMapping("/dev/fuse", "/dev/fuse", "rwx")] } });
        Assert.Equal("invalid device mode: rwx", e.Message);
    }
}
