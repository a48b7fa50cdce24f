using Wharf.Engine.Images;
using Wharf.Engine.Info;

namespace Wharf.Server.Tests;

/// <summary>Engine views built from the objects of golden-traffic-1.41.txt, so responses can be compared with dockerd's.</summary>
public static class Samples
{
    public const string BusyboxId = "sha256:f91c1a5d88acc96d214a6af0f39b15cc7fc78a61346d26447e6d13bb1af8c6c4";
    public const string TaggedId = "sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020";
    const string Overlay = "/var/lib/docker/overlay2/e6c3031af2d1a3f9e24bf4d9d574dd9a12b517853db918adc71ccc575ad57c62";

    /// <summary>GT 006: the one image of <c>docker images</c>.</summary>
    public static ImageView Busybox { get; } = new()
    {
        Id = Digest.Parse(BusyboxId),
        RepoTags = ["busybox:latest"],
        RepoDigests = [],
        Created = DateTimeOffset.FromUnixTimeSeconds(1796006763),
        Size = 1982333,
        Config = new ImageConfigFile(),
        Layers = [],
        GraphDriverData = new Dictionary<string, string>(),
    };

    /// <summary>GT 062: <c>docker image inspect gtcap-tag:1</c>; times keep .NET's 100 ns precision.</summary>
    public static ImageView Tagged { get; } = new()
    {
        Id = Digest.Parse(TaggedId),
        RepoTags = ["busybox:latest", "gtcap-tag:1"],
        RepoDigests = [],
        Created = new DateTimeOffset(2026, 11, 30, 2, 53, 11, TimeSpan.Zero).AddTicks(3629503),
        Size = 1984241,
        Config = new ImageConfigFile
        {
            Comment = "Imported from -",
            DockerVersion = "20.10.24+dfsg1",
            Config = new RunConfig(),
            RootFs = new RootFs { DiffIds = ["sha256:8d6fe85716191603e2a1e3e2b2cc41c4e61c288f893c56ae0c50b5914aee6dd9"] },
        },
        Layers = [],
        LastTagTime = new DateTimeOffset(2026, 11, 30, 3, 3, 17, TimeSpan.Zero).AddTicks(7267207),
        // Deliberately unsorted: the wire sorts map keys as Go does.
        GraphDriverData = new Dictionary<string, string>
        {
            ["WorkDir"] = Overlay + "/work",
            ["MergedDir"] = Overlay + "/merged",
            ["UpperDir"] = Overlay + "/diff",
        },
    };

    public static ImageView Dangling { get; } = Busybox with
    {
        Id = Digest.Parse("sha256:ca1d94a73a4378f30da1fa8338b754269da2912308e0d1676f4b8982dfc55837"),
        RepoTags = [],
        RepoDigests = [],
    };

    public static VersionView Version { get; } = new(
        "0.1.0", "5d6db84", "2026-05-07T21:09:36.000000000+00:00", "linux", "x86_64", "6.18.44-fc-v782", ".NET 10.0.0",
        [new ComponentVersion("runc", "1.1.5+ds1", new Dictionary<string, string> { ["GitCommit"] = "1.1.5+ds1-1+deb12u1" })]);

    /// <summary>GT 002's figures.</summary>
    public static SystemInfoView Info { get; } = new()
    {
        Id = "KTZ3:FBFF:7ZLJ:DQCH:H4X3:7GQD:LN4M:7QSV:4RIR:AHUC:QLF3:KP2D",
        Name = "vm",
        Images = 1,
        Driver = "overlay2",
        DriverStatus = [new("Backing Filesystem", "extfs"), new("Supports d_type", "true"), new("Native Overlay Diff", "true"), new("userxattr", "false")],
        DataRoot = "/var/lib/wharf",
        ExecRoot = "/run/wharf",
        FileDescriptors = 30,
        Threads = 40,
        SystemTime = new DateTimeOffset(2026, 11, 30, 2, 50, 26, TimeSpan.Zero).AddTicks(1709078),
        LoggingDriver = "k8s-file",
        CgroupDriver = "cgroupfs",
        CgroupVersion = "1",
        KernelVersion = "6.18.44-fc-v782",
        OperatingSystem = "Debian GNU/Linux 12 (bookworm)",
        OsVersion = "12",
        Architecture = "x86_64",
        Cpus = 2,
        MemTotal = 25276026880,
        MemoryLimit = true,
        SwapLimit = true,
        CpuCfsPeriod = true,
        CpuCfsQuota = true,
        CpuShares = true,
        CpuSet = true,
        PidsLimit = true,
        OomKillDisable = true,
        IPv4Forwarding = true,
        ServerVersion = "0.1.0",
        Runtimes = new Dictionary<string, string> { ["runc"] = "runc" },
        DefaultRuntime = "runc",
        InitBinary = "",
        Labels = [],
        SecurityOptions = ["name=seccomp,profile=default"],
        InsecureRegistryCidrs = ["127.0.0.0/8"],
        Warnings = [],
    };
}
