using Microsoft.Extensions.DependencyInjection;
using Wharf.Daemon.Composition;
using Wharf.Daemon.Config;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;

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
        Assert.IsType<NoContainersYetImageUsers>(provider.GetRequiredService<IImageUsers>());
        Assert.Equal(Path.Combine(dir.Path, "data", "wharf.db"), provider.GetRequiredService<Engine.Storage.WharfDatabase>().Path);
        Assert.Equal(["database", "events", "images", "system"], provider.GetServices<StartupTask>().Select(t => t.Name));
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
}
