using System.Runtime.InteropServices;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>The host facts and files the bundle builder reads; every one can be pointed elsewhere in tests.</summary>
public sealed record BundleBuilderOptions
{
    /// <summary>Docker-format default seccomp profile, shipped by Debian's <c>golang-github-containers-common</c>.</summary>
    public string SeccompProfilePath { get; init; } = "/usr/share/containers/seccomp.json";
    /// <summary>A statically linked init (tini-static or catatonit): it runs inside images that have no libc.</summary>
    public string InitPath { get; init; } = "/usr/bin/tini-static";
    public string HostResolvConfPath { get; init; } = "/etc/resolv.conf";
    public string HostHostsPath { get; init; } = "/etc/hosts";
    /// <summary>The host's name, used as the container's with host networking.</summary>
    public string HostName { get; init; } = Environment.MachineName;
    /// <summary>True on a unified (v2) cgroup hierarchy, where containers get a cgroup namespace.</summary>
    public bool CgroupV2 { get; init; } = File.Exists("/sys/fs/cgroup/cgroup.controllers");
    /// <summary>The host architecture in Go's naming, which seccomp profiles use.</summary>
    public string GoArch { get; init; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };
    /// <summary>The running kernel (major.minor), for the profile's <c>minKernel</c> rules.</summary>
    public Version KernelVersion { get; init; } = new(Environment.OSVersion.Version.Major, Environment.OSVersion.Version.Minor);
    public int CpuCount { get; init; } = Environment.ProcessorCount;
    /// <summary>What "all capabilities" means (privileged, <c>--cap-add ALL</c>): the daemon's own bounding set, as dockerd does.</summary>
    public IReadOnlyList<string> AvailableCapabilities { get; init; } = Capabilities.ReadBoundingSet();
}
