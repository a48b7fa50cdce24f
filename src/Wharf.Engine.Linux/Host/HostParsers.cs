using System.Globalization;
using Wharf.Engine.Info;

namespace Wharf.Engine.Linux.Host;

/// <summary>Parsers for the host's text files and tool output; pure, so tests feed them samples.</summary>
internal static class HostParsers
{
    /// <summary>One key of os-release(5): <c>KEY=value</c>, <c>KEY="value"</c> or <c>KEY='value'</c>; null when absent.</summary>
    public static string? OsReleaseValue(string text, string key)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || line[..eq] != key) continue;
            var value = line[(eq + 1)..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            return value;
        }
        return null;
    }

    /// <summary><c>MemTotal:  16318148 kB</c> from /proc/meminfo, in bytes; 0 when missing.</summary>
    public static long MemTotal(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var fields = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return 0;
            return fields.Length > 1 && fields[1] == "kB" ? value * 1024 : value;
        }
        return 0;
    }

    /// <summary>Whether /proc/self/status shows a <c>Seccomp:</c> field, which the kernel prints only with CONFIG_SECCOMP.</summary>
    public static bool HasSeccomp(string processStatus) =>
        processStatus.Split('\n').Any(l => l.StartsWith("Seccomp:", StringComparison.Ordinal));

    /// <summary>
    /// <c>runc version 1.1.5+ds1</c> / <c>commit: …</c>, <c>crun version 1.8</c>, <c>conmon version 2.1.6</c>:
    /// the word after <c>version</c> on the first line that has one, and the value of a <c>commit:</c> line.
    /// </summary>
    public static ToolVersion? ToolVersion(string output)
    {
        string? version = null;
        var commit = "";
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("commit:", StringComparison.Ordinal))
            {
                commit = line["commit:".Length..].Trim();
                continue;
            }
            if (version is not null) continue;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(words, "version");
            if (at >= 0 && at + 1 < words.Length) version = words[at + 1];
        }
        return version is null ? null : new ToolVersion(version, commit);
    }

    /// <summary>Docker's names for file system magic numbers (graphdriver.FsNames); unknown ones are <c>&lt;unknown&gt;</c>.</summary>
    public static string FilesystemName(long magic) => (uint)magic switch
    {
        0x61756673 => "aufs",
        0x9123683E => "btrfs",
        0x28cd3d45 => "cramfs",
        0x0000f15f => "ecryptfs",
        0x0000EF53 => "extfs",
        0xF2F52010 => "f2fs",
        0x47504653 => "gpfs",
        0x000072b6 => "jffs2",
        0x3153464a => "jfs",
        0x00006969 => "nfs",
        0x858458f6 => "ramfs",
        0x52654973 => "reiserfs",
        0x0000517B => "smb",
        0x73717368 => "squashfs",
        0x01021994 => "tmpfs",
        0xa501fcf5 => "vxfs",
        0x58465342 => "xfs",
        0x2fc12fc1 => "zfs",
        0x794c7630 => "overlayfs",
        0x65735546 => "fuse",
        0x00000000 => "unsupported",
        _ => "<unknown>",
    };

    /// <summary>statfs f_type of cgroup2 (CGROUP2_SUPER_MAGIC).</summary>
    public const long Cgroup2Magic = 0x63677270;

    /// <summary>
    /// What the cgroup hierarchy at <paramref name="root"/> supports. v2: the root's <c>cgroup.controllers</c>;
    /// v1: the per-controller files Docker probes (memsw for swap, oom_control, cfs, shares, cpuset, pids).
    /// </summary>
    public static CgroupSupport Cgroups(string root, bool v2)
    {
        if (v2)
        {
            var controllers = File.Exists(Path.Combine(root, "cgroup.controllers"))
                ? File.ReadAllText(Path.Combine(root, "cgroup.controllers")).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
                : [];
            var memory = controllers.Contains("memory");
            var cpu = controllers.Contains("cpu");
            // Swap accounting has no controller of its own on v2; the kernel adds memory.swap.max to child cgroups when it is on.
            var swap = memory && Directory.EnumerateDirectories(root).Any(d => File.Exists(Path.Combine(d, "memory.swap.max")));
            return new CgroupSupport(memory, swap, cpu, cpu, cpu, controllers.Contains("cpuset"), controllers.Contains("pids"), OomKillDisable: false);
        }
        bool Has(string relative) => File.Exists(Path.Combine(root, relative)) || Directory.Exists(Path.Combine(root, relative));
        return new CgroupSupport(
            MemoryLimit: Has("memory/memory.limit_in_bytes"),
            SwapLimit: Has("memory/memory.memsw.limit_in_bytes"),
            CpuCfsPeriod: Has("cpu/cpu.cfs_period_us"),
            CpuCfsQuota: Has("cpu/cpu.cfs_quota_us"),
            CpuShares: Has("cpu/cpu.shares"),
            CpuSet: Has("cpuset/cpuset.cpus"),
            PidsLimit: Has("pids/pids.max") || Has("pids"),
            OomKillDisable: Has("memory/memory.oom_control"));
    }
}
