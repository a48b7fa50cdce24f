using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Info;

/// <summary>
/// <c>/version</c> and <c>/info</c>: the engine's build, its options, the host's facts and the counts of its objects.
/// Tool versions (runtimes, conmon) and the engine id are read in <see cref="InitializeAsync"/>, which the daemon
/// awaits before it serves, so <see cref="Version"/> never starts a process.
/// </summary>
public sealed class SystemService(
    SystemOptions options,
    IHostInfo host,
    IImageService images,
    IContainerCounts containers,
    IEventService events,
    TimeProvider time) : ISystemService
{
    const string LoopbackCidr = "127.0.0.0/8";   // dockerd always treats loopback registries as insecure

    readonly BuildInfo _build = BuildInfo.Of(typeof(SystemService).Assembly);
    Snapshot? _snapshot;

    /// <summary>Loads or creates the engine id and asks each runtime and conmon for its version.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var id = await EngineId.LoadOrCreateAsync(options.DataRoot, ct);
        var components = new List<ComponentVersion>();
        // The default runtime first, as dockerd lists runc after the engine; the others by name.
        foreach (var (name, path) in options.Runtimes.OrderBy(r => r.Key == options.DefaultRuntime ? 0 : 1).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            if (await host.ToolVersionAsync(path, ct) is not { } version) continue;
            // Several names may share a binary (runc under two names): list the binary once.
            if (components.Any(c => c.Name == Path.GetFileName(path))) continue;
            components.Add(new ComponentVersion(Path.GetFileName(path), version.Version, new Dictionary<string, string> { ["GitCommit"] = version.Commit }));
        }
        if (await host.ToolVersionAsync(options.ConmonPath, ct) is { } conmon)
            components.Add(new ComponentVersion("conmon", conmon.Version, new Dictionary<string, string> { ["GitCommit"] = conmon.Commit }));
        _snapshot = new Snapshot(id, components);
    }

    /// <summary>The engine's build and the components it runs; the server adds the Engine component with the API versions.</summary>
    public VersionView Version()
    {
        var snapshot = Initialized();
        return new VersionView(_build.Version, _build.GitCommit, _build.BuildTime, "linux", BuildInfo.GoArch(RuntimeInformation.OSArchitecture),
            host.KernelVersion, RuntimeInformation.FrameworkDescription, snapshot.Components);
    }

    public async Task<SystemInfoView> InfoAsync(CancellationToken ct)
    {
        var snapshot = Initialized();
        var counts = await containers.CountAsync(ct);
        var imageCount = (await images.ListAsync(new ImageListRequest(All: false, FilterSet.Empty), ct)).Count;
        var cgroups = host.Cgroups;
        var ipv4Forwarding = host.IPv4Forwarding;
        var cgroupVersion = host.CgroupVersion;
        return new SystemInfoView
        {
            Id = snapshot.EngineId,
            Name = options.Name ?? host.Hostname,
            Containers = counts.Total,
            ContainersRunning = counts.Running,
            ContainersPaused = counts.Paused,
            ContainersStopped = counts.Stopped,
            Images = imageCount,
            Driver = options.StorageDriver,
            DriverStatus =
            [
                new("Backing Filesystem", host.BackingFilesystem(options.DataRoot)),
                // Layers carry trusted.overlay.* xattrs as root and user.overlay.* otherwise (see TarLayerApplier).
                new("userxattr", Environment.IsPrivilegedProcess ? "false" : "true"),
            ],
            DataRoot = options.DataRoot,
            ExecRoot = options.ExecRoot,
            Debug = options.Debug,
            FileDescriptors = host.OpenFileDescriptors,
            Threads = ThreadCount(),
            EventListeners = events.ListenerCount,
            SystemTime = time.GetUtcNow(),
            LoggingDriver = options.LoggingDriver,
            CgroupDriver = options.CgroupDriver,
            CgroupVersion = cgroupVersion,
            KernelVersion = host.KernelVersion,
            OperatingSystem = host.OperatingSystem,
            OsVersion = host.OsVersion,
            Architecture = host.Architecture,
            Cpus = host.Cpus,
            MemTotal = host.MemTotal,
            MemoryLimit = cgroups.MemoryLimit,
            SwapLimit = cgroups.SwapLimit,
            CpuCfsPeriod = cgroups.CpuCfsPeriod,
            CpuCfsQuota = cgroups.CpuCfsQuota,
            CpuShares = cgroups.CpuShares,
            CpuSet = cgroups.CpuSet,
            PidsLimit = cgroups.PidsLimit,
            OomKillDisable = cgroups.OomKillDisable,
            IPv4Forwarding = ipv4Forwarding,
            ServerVersion = _build.Version,
            Runtimes = options.Runtimes,
            DefaultRuntime = options.DefaultRuntime,
            InitBinary = options.InitBinary,
            RuntimeCommit = DefaultRuntimeCommit(snapshot.Components),
            LiveRestoreEnabled = options.LiveRestore,
            Labels = options.Labels,
            SecurityOptions = SecurityOptions(host.SeccompEnabled, cgroupVersion),
            InsecureRegistryCidrs = InsecureCidrs(options.InsecureRegistries),
            Warnings = Warnings(cgroups, cgroupVersion, ipv4Forwarding),
        };
    }

    string DefaultRuntimeCommit(IReadOnlyList<ComponentVersion> components) =>
        options.Runtimes.TryGetValue(options.DefaultRuntime, out var path)
        && components.FirstOrDefault(c => c.Name == Path.GetFileName(path)) is { } runtime
        && runtime.Details.TryGetValue("GitCommit", out var commit) ? commit : "";

    static List<string> SecurityOptions(bool seccomp, string cgroupVersion)
    {
        var list = new List<string>();
        if (seccomp) list.Add("name=seccomp,profile=default");
        if (cgroupVersion == "2") list.Add("name=cgroupns");
        return list;
    }

    /// <summary>dockerd's warnings for missing cgroup features and forwarding, in its order and words.</summary>
    internal static List<string> Warnings(CgroupSupport cgroups, string cgroupVersion, bool ipv4Forwarding)
    {
        var warnings = new List<string>();
        if (!cgroups.MemoryLimit) warnings.Add("WARNING: No memory limit support");
        if (!cgroups.SwapLimit) warnings.Add("WARNING: No swap limit support");
        if (!cgroups.OomKillDisable && cgroupVersion != "2") warnings.Add("WARNING: No oom kill disable support");
        if (!cgroups.CpuCfsQuota) warnings.Add("WARNING: No cpu cfs quota support");
        if (!cgroups.CpuCfsPeriod) warnings.Add("WARNING: No cpu cfs period support");
        if (!cgroups.CpuShares) warnings.Add("WARNING: No cpu shares support");
        if (!cgroups.CpuSet) warnings.Add("WARNING: No cpuset support");
        if (!ipv4Forwarding) warnings.Add("WARNING: IPv4 forwarding is disabled");
        return warnings;
    }

    static List<string> InsecureCidrs(IReadOnlyList<string> registries)
    {
        var cidrs = new List<string> { LoopbackCidr };
        foreach (var entry in registries)
            if (IPNetwork.TryParse(entry, out var network) && !cidrs.Contains(network.ToString())) cidrs.Add(network.ToString());
        return cidrs;
    }

    static int ThreadCount()
    {
        using var self = Process.GetCurrentProcess();
        return self.Threads.Count;
    }

    Snapshot Initialized() =>
        _snapshot ?? throw new InvalidOperationException("SystemService.InitializeAsync must complete before the daemon serves requests");

    sealed record Snapshot(string EngineId, IReadOnlyList<ComponentVersion> Components);
}
