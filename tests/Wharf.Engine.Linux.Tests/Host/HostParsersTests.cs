using Wharf.Engine.Info;
using Wharf.Engine.Linux.Host;

namespace Wharf.Engine.Linux.Tests.Host;

public sealed class HostParsersTests
{
    const string DebianOsRelease = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        ID=debian
        # a comment
        HOME_URL='https://www.debian.org/'
        """;

    [Theory]
    [InlineData("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)")]
    [InlineData("VERSION_ID", "12")]
    [InlineData("ID", "debian")]
    [InlineData("HOME_URL", "https://www.debian.org/")]
    [InlineData("VERSION_CODENAME", null)]
    public void Reads_os_release_values_quoted_or_not(string key, string? expected) =>
        Assert.Equal(expected, HostParsers.OsReleaseValue(DebianOsRelease, key));

    [Fact]
    public void Reads_MemTotal_in_bytes()
    {
        const string meminfo = "MemTotal:       16318148 kB\nMemFree:         1234567 kB\nSwapTotal:             0 kB\n";

        Assert.Equal(16318148L * 1024, HostParsers.MemTotal(meminfo));
        Assert.Equal(0, HostParsers.MemTotal("MemFree: 1 kB\n"));
    }

    [Fact]
    public void Sees_seccomp_in_proc_status()
    {
        Assert.True(HostParsers.HasSeccomp("Name:\twharfd\nSeccomp:\t0\nSeccomp_filters:\t0\n"));
        Assert.False(HostParsers.HasSeccomp("Name:\twharfd\nNoNewPrivs:\t0\n"));
    }

    [Theory]
    [InlineData("runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4\n", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1")]
    [InlineData("crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SELINUX\n", "1.8.1", "f8a096be060b22ccd3d5f3ebe44108517fbf6c30")]
    [InlineData("conmon version 2.1.6\ncommit: unknown\n", "2.1.6", "unknown")]
    [InlineData("runc version 1.2.0\n", "1.2.0", "")]
    public void Parses_tool_versions(string output, string version, string commit) =>
        Assert.Equal(new ToolVersion(version, commit), HostParsers.ToolVersion(output));

    [Fact]
    public void A_tool_that_prints_no_version_has_none() => Assert.Null(HostParsers.ToolVersion("usage: tool [options]\n"));

    [Theory]
    [InlineData(0xEF53, "extfs")]
    [InlineData(0x58465342, "xfs")]
    [InlineData(0x9123683E, "btrfs")]
    [InlineData(0x01021994, "tmpfs")]
    [InlineData(0x794c7630, "overlayfs")]
    [InlineData(0x2fc12fc1, "zfs")]
    [InlineData(0x12345678, "<unknown>")]
    public void Names_file_systems_as_docker_does(long magic, string name) => Assert.Equal(name, HostParsers.FilesystemName(magic));

    [Fact]
    public void Reads_cgroup_v1_support_from_the_controller_files()
    {
        using var temp = new TempDir();
        foreach (var file in new[] { "memory/memory.limit_in_bytes", "memory/memory.oom_control", "cpu/cpu.shares", "cpu/cpu.cfs_quota_us", "pids/pids.max" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.Combine(file))!);
            File.WriteAllText(temp.Combine(file), "");
        }

        var support = HostParsers.Cgroups(temp.Path, v2: false);

        Assert.Equal(new CgroupSupport(MemoryLimit: true, SwapLimit: false, CpuCfsPeriod: false, CpuCfsQuota: true, CpuShares: true,
            CpuSet: false, PidsLimit: true, OomKillDisable: true), support);
    }

    [Fact]
    public void Reads_cgroup_v2_support_from_the_root_controllers()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Directory.CreateDirectory(temp.Combine("system.slice"));
        File.WriteAllText(temp.Combine("system.slice/memory.swap.max"), "max\n");

        var support = HostParsers.Cgroups(temp.Path, v2: true);

        Assert.Equal(new CgroupSupport(true, true, true, true, true, true, true, OomKillDisable: false), support);
    }
}
