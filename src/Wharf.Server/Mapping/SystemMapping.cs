using System.Text.Json;
using Wharf.Engine.Formats;
using Wharf.Api;
using Wharf.Api.Images;
using Wharf.Api.Info;
using Wharf.Engine.Containers;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Http;

namespace Wharf.Server.Mapping;

/// <summary><c>/version</c>, <c>/info</c> and <c>/system/df</c>: engine views -> wire records.</summary>
internal static class SystemMapping
{
    public const string PlatformName = "Wharf Engine";

    public static SystemVersion ToVersion(VersionView view)
    {
        var arch = GoArch(view.Arch);
        var apiVersion = ApiVersion.Current.ToString();
        var minVersion = ApiVersion.Minimum.ToString();
        var engine = new VersionComponent("Engine", view.Version, GoMaps.Sorted(new Dictionary<string, string>
        {
            ["ApiVersion"] = apiVersion,
            ["Arch"] = arch,
            ["BuildTime"] = view.BuildTime,
            ["Experimental"] = "false",
            ["GitCommit"] = view.GitCommit,
            ["GoVersion"] = view.RuntimeVersion,
            ["KernelVersion"] = view.KernelVersion,
            ["MinAPIVersion"] = minVersion,
            ["Os"] = view.Os,
        }));
        return new SystemVersion
        {
            Platform = new VersionPlatform(PlatformName),
            Components = [engine, .. view.Components.Select(c => new VersionComponent(c.Name, c.Version, GoMaps.Sorted(c.Details)))],
            Version = view.Version,
            ApiVersion = apiVersion,
            MinAPIVersion = minVersion,
            GitCommit = view.GitCommit,
            GoVersion = view.RuntimeVersion,
            Os = view.Os,
            Arch = arch,
            KernelVersion = view.KernelVersion,
            BuildTime = view.BuildTime,
        };
    }

    /// <summary>Go's architecture names (<c>amd64</c>, <c>arm64</c>…) for uname's (<c>x86_64</c>, <c>aarch64</c>…).</summary>
    public static string GoArch(string machine) => machine switch
    {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "i386" or "i486" or "i586" or "i686" => "386",
        "armv6l" or "armv7l" or "armv8l" => "arm",
        _ => machine,
    };

    public static SystemInfo ToInfo(SystemInfoView view) => new()
    {
        ID = view.Id,
        Containers = view.Containers,
        ContainersRunning = view.ContainersRunning,
        ContainersPaused = view.ContainersPaused,
        ContainersStopped = view.ContainersStopped,
        Images = view.Images,
        Driver = view.Driver,
        DriverStatus = [.. view.DriverStatus.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value])],
        // What Wharf really offers: local volumes, the CNI-backed network drivers, conmon's k8s-file logs.
        Plugins = new PluginsInfo(["local"], ["bridge", "host", "null"], null, [view.LoggingDriver]),
        MemoryLimit = view.MemoryLimit,
        SwapLimit = view.SwapLimit,
        KernelMemory = false,
        KernelMemoryTCP = false,
        CpuCfsPeriod = view.CpuCfsPeriod,
        CpuCfsQuota = view.CpuCfsQuota,
        CPUShares = view.CpuShares,
        CPUSet = view.CpuSet,
        PidsLimit = view.PidsLimit,
        IPv4Forwarding = view.IPv4Forwarding,
        Debug = view.Debug,
        NFd = view.FileDescriptors,
        OomKillDisable = view.OomKillDisable,
        NGoroutines = view.Threads,
        SystemTime = GoTime.Rfc3339Nano(view.SystemTime),
        LoggingDriver = view.LoggingDriver,
        CgroupDriver = view.CgroupDriver,
        CgroupVersion = view.CgroupVersion,
        NEventsListener = view.EventListeners,
        KernelVersion = view.KernelVersion,
        OperatingSystem = view.OperatingSystem,
        OSVersion = view.OsVersion,
        Architecture = view.Architecture,
        RegistryConfig = new RegistryServiceConfig(
            [], [], view.InsecureRegistryCidrs,
            new Dictionary<string, IndexInfo> { ["docker.io"] = new("docker.io", [], Secure: true, Official: true) },
            []),
        NCPU = view.Cpus,
        MemTotal = view.MemTotal,
        DockerRootDir = view.DataRoot,
        Name = view.Name,
        Labels = view.Labels,
        ServerVersion = view.ServerVersion,
        Runtimes = view.Runtimes.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => new RuntimeInfo(r.Value)),
        DefaultRuntime = view.DefaultRuntime,
        Swarm = new SwarmInfo("", "", "inactive", false, "", null),
        LiveRestoreEnabled = view.LiveRestoreEnabled,
        InitBinary = view.InitBinary,
        ContainerdCommit = new CommitInfo("", ""),
        RuncCommit = new CommitInfo(view.RuntimeCommit, view.RuntimeCommit),
        InitCommit = new CommitInfo("", ""),
        SecurityOptions = view.SecurityOptions,
        Warnings = view.Warnings.Count == 0 ? null : view.Warnings,
    };

    /// <summary>
    /// The images and containers parts of <c>/system/df</c> (containers as <c>/containers/json?size=1</c> lists them);
    /// volumes and build cache are empty until those subsystems exist.
    /// </summary>
    public static SystemDataUsage ToDataUsage(ImageDiskUsage usage, IReadOnlyList<ContainerSummaryView> containers) => new()
    {
        LayersSize = usage.LayersSize,
        Images = [.. usage.Images.Select(u => ImageMapping.ToSummary(u.Image, u.SharedSize, u.Containers))],
        // The wire record keeps containers as raw JSON (the CLI reads them so); they are the same summaries as ps's.
        Containers = [.. JsonSerializer.SerializeToElement(ContainerViewMapping.ToSummaries(containers), WireJson.Context.ContainerSummaryArray).EnumerateArray()],
        Volumes = [],
        BuildCache = [],
        BuilderSize = 0,
    };
}
