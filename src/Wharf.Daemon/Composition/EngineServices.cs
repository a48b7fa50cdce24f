using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Daemon.Config;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Containers.Archive;
using Wharf.Engine.Containers.Observe;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Engine.Linux.Cgroups;
using Wharf.Engine.Linux.Host;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Processes;
using Wharf.Engine.Linux.Rootfs;
using Wharf.Engine.Linux.Runtime;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Linux.Volumes;
using Wharf.Engine.Networks;
using Wharf.Engine.Networks.Dns;
using Wharf.Engine.Processes;
using Wharf.Engine.Storage;
using Wharf.Engine.Volumes;
using Wharf.Server;

namespace Wharf.Daemon.Composition;

/// <summary>
/// The composition root: the only place that knows the engine services, their adapters and the HTTP surface.
/// Each engine service gets its own options record derived here from <see cref="DaemonOptions"/>.
/// </summary>
internal static class EngineServices
{
    public static void Add(IServiceCollection services, DaemonOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new WharfDatabase(options.DatabasePath));

        // Adapters (Engine.Linux).
        services.AddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<ILayerApplier, TarLayerApplier>();
        services.AddSingleton<IHostInfo, HostInfo>();
        services.AddSingleton(ToRuntimeOptions(options));
        services.AddSingleton<IOciRuntime, ConmonRuntime>();
        // The embedded DNS at 127.0.0.11; IContainerNames is the engine's endpoint table. Factories: the server's
        // sockets are closed when the host disposes it. Upstreams: daemon.json dns-upstreams, else the host's resolv.conf.
        services.AddSingleton(options.Dns);
        services.AddSingleton(sp => new DnsUpstreams(sp.GetRequiredService<DnsUpstreamOptions>()));
        services.AddSingleton(sp => new DnsResponder(sp.GetRequiredService<IContainerNames>(), sp.GetRequiredService<DnsUpstreams>(),
            sp.GetRequiredService<ILogger<DnsResponder>>()));
        services.AddSingleton<IEmbeddedDns>(sp => new EmbeddedDnsServer(sp.GetRequiredService<DnsResponder>(),
            sp.GetRequiredService<ILogger<EmbeddedDnsServer>>()));
        services.AddSingleton<IRootfsMounter, OverlayRootfsMounter>();
        services.AddSingleton(ToBundleOptions(options));
        services.AddSingleton<IHostDevices>(new SysfsHostDevices());
        services.AddSingleton<IBundleBuilder>(sp => new BundleBuilder(sp.GetRequiredService<BundleBuilderOptions>(), sp.GetRequiredService<IHostDevices>()));
        services.AddSingleton<ICgroupStatsReader, CgroupStatsReader>();
        services.AddSingleton<IVolumeHost, LocalVolumeHost>();
        services.AddSingleton<IHostRoutes>(new ProcNetRoutes());
        services.AddSingleton(new CniOptions(options.ExecRoot));
        services.AddSingleton<INetworkPlumbing, CniPlumbing>();

        // Engine services; each concrete type is also registered so its InitializeAsync can be reached.
        services.AddSingleton(sp => new EventBus(sp.GetRequiredService<WharfDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventBus>>()));
        services.AddSingleton<IEventService>(sp => sp.GetRequiredService<EventBus>());
        services.AddSingleton(new ImageStoreOptions(options.DataRoot));
        services.AddSingleton<ContainerStore>();
        services.AddSingleton(sp => new VolumeStore(sp.GetRequiredService<WharfDatabase>(), Path.Combine(options.DataRoot, "volumes")));
        services.AddSingleton<VolumeService>();
        services.AddSingleton<IVolumeService>(sp => sp.GetRequiredService<VolumeService>());
        services.AddSingleton<IContainerVolumes>(sp => sp.GetRequiredService<VolumeService>());
        services.AddSingleton(options.Network);
        services.AddSingleton<NetworkStore>();
        services.AddSingleton<NetworkService>();
        services.AddSingleton<INetworkService>(sp => sp.GetRequiredService<NetworkService>());
        services.AddSingleton<NetworkNameTable>();
        services.AddSingleton<IContainerNames>(sp => sp.GetRequiredService<NetworkNameTable>());
        services.AddSingleton<ContainerNetworks>();
        services.AddSingleton<IContainerNetworks>(sp => sp.GetRequiredService<ContainerNetworks>());
        services.AddSingleton<IImageUsers, ContainerImageUsers>();
        services.AddSingleton<ImageService>();
        services.AddSingleton<IImageService>(sp => sp.GetRequiredService<ImageService>());
        services.AddSingleton(ToSystemOptions(options));
        services.AddSingleton<IContainerCounts, StoredContainerCounts>();
        services.AddSingleton(new ContainerOptions { DataRoot = options.DataRoot, ExecRoot = options.ExecRoot });
        // Disposed with the host: it stops following exits, and the containers keep running (live restore).
        services.AddSingleton<ContainerService>();
        services.AddSingleton<IContainerService>(sp => sp.GetRequiredService<ContainerService>());
        services.AddSingleton<IContainerObserver, ContainerObserver>();
        services.AddSingleton<IContainerArchive, ContainerArchive>();
        services.AddSingleton<ExecService>();
        services.AddSingleton<IExecService>(sp => sp.GetRequiredService<ExecService>());
        services.AddSingleton<SystemService>();
        services.AddSingleton<ISystemService>(sp => sp.GetRequiredService<SystemService>());

        // Before AddWharfServer, whose defaults (everyone admin, no audit log) are only for in-process hosts.
        services.AddSingleton(options.AccessControl);
        services.AddWharfServer();

        // Start-up order matters: the event journal is loaded before anything can publish, images before containers
        // (which resolve their images while restoring), and both before /info counts them.
        // Opening the database first creates the file in WAL mode and proves the data root is writable.
        AddStartupTask(services, "database", async (sp, ct) =>
        {
            await using var connection = await sp.GetRequiredService<WharfDatabase>().OpenAsync(ct);
        });
        AddStartupTask(services, "events", (sp, ct) => sp.GetRequiredService<EventBus>().InitializeAsync(ct));
        AddStartupTask(services, "images", (sp, ct) => sp.GetRequiredService<ImageService>().InitializeAsync(ct));
        AddStartupTask(services, "volumes", (sp, ct) => sp.GetRequiredService<VolumeService>().InitializeAsync(ct));
        AddStartupTask(services, "networks", (sp, ct) => sp.GetRequiredService<NetworkService>().InitializeAsync(ct));
        AddStartupTask(services, "container networks", (sp, ct) => sp.GetRequiredService<ContainerNetworks>().InitializeAsync(ct));
        AddStartupTask(services, "containers", (sp, ct) => sp.GetRequiredService<ContainerService>().InitializeAsync(ct));
        AddStartupTask(services, "system", (sp, ct) => sp.GetRequiredService<SystemService>().InitializeAsync(ct));
    }

    public static void Map(WebApplication app) => app.UseWharfApi();

    /// <summary>What <c>/info</c> and <c>/version</c> need to know of the daemon's configuration.</summary>
    public static SystemOptions ToSystemOptions(DaemonOptions options) => new()
    {
        DataRoot = options.DataRoot,
        ExecRoot = options.ExecRoot,
        Debug = options.Debug,
        DefaultRuntime = options.DefaultRuntime,
        Runtimes = options.Runtimes.ToDictionary(r => r.Key, r => r.Value.Path, StringComparer.Ordinal),
        Labels = options.Labels,
        InsecureRegistries = options.InsecureRegistries,
        StorageDriver = DaemonOptions.StorageDriver,
    };

    /// <summary>conmon and runc under the exec root; the default runtime's path and arguments come from daemon.json's runtimes.</summary>
    public static ConmonRuntimeOptions ToRuntimeOptions(DaemonOptions options)
    {
        var runtime = options.Runtimes[options.DefaultRuntime];
        return new ConmonRuntimeOptions(options.ExecRoot) { RuncPath = runtime.Path, RuncArgs = runtime.Args };
    }

    /// <summary>The bundle builder's host facts, with the daemon's seccomp profile and init binary when configured.</summary>
    public static BundleBuilderOptions ToBundleOptions(DaemonOptions options)
    {
        var defaults = new BundleBuilderOptions();
        return defaults with
        {
            SeccompProfilePath = options.SeccompProfile ?? defaults.SeccompProfilePath,
            InitPath = options.InitPath ?? defaults.InitPath,
        };
    }

    static void AddStartupTask(IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task> run) =>
        services.AddSingleton(new StartupTask(name, run));
}
