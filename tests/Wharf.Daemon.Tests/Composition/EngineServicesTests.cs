using Microsoft.Extensions.DependencyInjection;
using Wharf.Daemon.Composition;
using Wharf.Daemon.Config;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Bundles;
using Wharf.Engine.Containers.Exec;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Engine.Linux.Cgroups;
using Wharf.Engine.Linux.Rootfs;
using Wharf.Engine.Linux.Runtime;

namespace Wharf.Daemon.Tests.Composition;

public sealed class EngineServicesTests
{
    static DaemonOptions Options(string root, DaemonFileSettings? file = null) => DaemonConfigResolver.Resolve(
        new DaemonFlags { DataRoot = Path.Combine(root, "data"), ExecRoot = Path.Combine(root, "exec") },
        file ?? DaemonFileSettings.Empty, Path.Combine(root, "daemon.json")).Options;

    [Fact]
    public async Task Every_engine_service_resolves_as_one_singleton_per_interface_and_concrete_type()
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection().AddLogging();
        EngineServices.Add(services, Options(dir.Path));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        Assert.Same(provider.GetRequiredService<EventBus>(), provider.GetRequiredService<IEventService>());
        Assert.Same(provider.GetRequiredService<ImageService>(), provider.GetRequiredService<IImageService>());
        Assert.Same(provider.GetRequiredService<SystemService>(), provider.GetRequiredService<ISystemService>());
        Assert.Same(provider.GetRequiredService<ContainerService>(), provider.GetRequiredService<IContainerService>());
        Assert.Same(provider.GetRequiredService<ExecService>(), provider.GetRequiredService<IExecService>());
        Assert.IsType<ContainerImageUsers>(provider.GetRequiredService<IImageUsers>());
        Assert.IsType<StoredContainerCounts>(provider.GetRequiredService<IContainerCounts>());
        Assert.IsType<ConmonRuntime>(provider.GetRequiredService<IOciRuntime>());
        Assert.IsType<OverlayRootfsMounter>(provider.GetRequiredService<IRootfsMounter>());
        Assert.IsType<BundleBuilder>(provider.GetRequiredService<IBundleBuilder>());
        Assert.IsType<CgroupStatsReader>(provider.GetRequiredService<ICgroupStatsReader>());
        Assert.Same(provider.GetRequiredService<Engine.Volumes.VolumeService>(), provider.GetRequiredService<Engine.Volumes.IVolumeService>());
        Assert.Same(provider.GetRequiredService<Engine.Volumes.VolumeService>(), provider.GetRequiredService<Engine.Volumes.IContainerVolumes>());
        Assert.IsType<Engine.Linux.Volumes.LocalVolumeHost>(provider.GetRequiredService<Engine.Volumes.IVolumeHost>());
        Assert.Equal(Path.Combine(dir.Path, "data", "volumes"), provider.GetRequiredService<Engine.Volumes.VolumeStore>().Root);
        Assert.Equal(Path.Combine(dir.Path, "data", "wharf.db"), provider.GetRequiredService<Engine.Storage.WharfDatabase>().Path);
        Assert.Same(provider.GetRequiredService<Engine.Networks.NetworkService>(), provider.GetRequiredService<Engine.Networks.INetworkService>());
        Assert.IsType<Engine.Linux.Networks.ProcNetRoutes>(provider.GetRequiredService<Engine.Networks.IHostRoutes>());
        Assert.Equal("wharf0", provider.GetRequiredService<Engine.Networks.NetworkOptions>().BridgeDevice);
        Assert.IsType<Engine.Linux.Networks.CniPlumbing>(provider.GetRequiredService<Engine.Networks.INetworkPlumbing>());
        Assert.Equal(Path.Combine(dir.Path, "exec", "cni"), provider.GetRequiredService<Engine.Linux.Networks.CniOptions>().CacheDirectory);
        Assert.Equal(["database", "events", "images", "volumes", "networks", "container networks", "containers", "system"], provider.GetServices<StartupTask>().Select(t => t.Name));
    }

    [Fact]
    public void System_options_come_from_the_daemon_options()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path, new DaemonFileSettings
        {
            Debug = true, Labels = ["env=ci"], InsecureRegistries = ["10.0.0.0/8"], DefaultRuntime = "crun",
            Runtimes = new Dictionary<string, RuntimeSpec> { ["crun"] = new("/usr/bin/crun", ["--systemd-cgroup"]) },
        });
        var system = EngineServices.ToSystemOptions(options);
        Assert.Equal(options.DataRoot, system.DataRoot);
        Assert.Equal(options.ExecRoot, system.ExecRoot);
        Assert.True(system.Debug);
        Assert.Equal(["env=ci"], system.Labels);
        Assert.Equal(["10.0.0.0/8"], system.InsecureRegistries);
        Assert.Equal("crun", system.DefaultRuntime);
        Assert.Equal(new Dictionary<string, string> { ["runc"] = "runc", ["crun"] = "/usr/bin/crun" }, system.Runtimes);
        Assert.Equal("overlay2", system.StorageDriver);
    }

    [Fact]
    public void The_runtime_is_the_default_one_under_the_exec_root()
    {
        using var dir = new TempDirectory();
        var options = Options(dir.Path, new DaemonFileSettings
        {
            DefaultRuntime = "patched",
            Runtimes = new Dictionary<string, RuntimeSpec> { ["patched"] = new("/opt/runc-patched", ["--debug"]) },
        });
        var runtime = EngineServices.ToRuntimeOptions(options);
        Assert.Equal(options.ExecRoot, runtime.ExecRoot);
        Assert.Equal("/opt/runc-patched", runtime.RuncPath);
        Assert.Equal(["--debug"], runtime.RuncArgs);
        Assert.Equal("runc", EngineServices.ToRuntimeOptions(Options(dir.Path)).RuncPath);
    }

    [Fact]
    public void Seccomp_profile_and_init_path_come_from_daemon_json_or_the_defaults()
    {
        using var dir = new TempDirectory();
        var configured = EngineServices.ToBundleOptions(Options(dir.Path, new DaemonFileSettings { SeccompProfile = "/etc/wharf/seccomp.json", InitPath = "/usr/bin/catatonit" }));
        Assert.Equal("/etc/wharf/seccomp.json", configured.SeccompProfilePath);
        Assert.Equal("/usr/bin/catatonit", configured.InitPath);
        var defaults = EngineServices.ToBundleOptions(Options(dir.Path));
        Assert.Equal(new BundleBuilderOptions().SeccompProfilePath, defaults.SeccompProfilePath);
        Assert.Equal(new BundleBuilderOptions().InitPath, defaults.InitPath);
    }
}
