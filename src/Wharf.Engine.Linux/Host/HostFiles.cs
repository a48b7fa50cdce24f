namespace Wharf.Engine.Linux.Host;

/// <summary>Where <see cref="HostInfo"/> reads the host's facts; tests point these at sample files.</summary>
internal sealed record HostFiles(
    string OsRelease,
    string FallbackOsRelease,
    string KernelRelease,
    string MemInfo,
    string IpForward,
    string ProcessStatus,
    string FileDescriptors,
    string CgroupRoot)
{
    public static HostFiles Real { get; } = new(
        "/etc/os-release",
        "/usr/lib/os-release",
        "/proc/sys/kernel/osrelease",
        "/proc/meminfo",
        "/proc/sys/net/ipv4/ip_forward",
        "/proc/self/status",
        "/proc/self/fd",
        "/sys/fs/cgroup");
}
