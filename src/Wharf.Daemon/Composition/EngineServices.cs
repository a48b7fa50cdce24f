using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Daemon.Config;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Engine.Linux.Host;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Processes;
using Wharf.Engine.Processes;
using Wharf.Engine.Storage;
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

        // Engine services; each concrete type is also registered so its InitializeAsync can be reached.
        services.AddSingleton(sp => new EventBus(sp.GetRequiredService<WharfDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventBus>>()));
        services.AddSingleton<IEventService>(sp => sp.GetRequiredService<EventBus>());
        services.AddSingleton(new ImageStoreOptions(options.DataRoot));
        services.AddSingleton<IImageUsers, NoContainersYetImageUsers>();   // the containers issue replaces this
        services.AddSingleton<ImageService>();
        services.AddSingleton<IImageService>(sp => sp.GetRequiredService<ImageService>());
        services.AddSingleton(ToSystemOptions(options));
        services.AddSingleton<IContainerCounts, NoContainersYet>();         // the containers issue replaces this
        services.AddSingleton<SystemService>();
        services.AddSingleton<ISystemService>(sp => sp.GetRequiredService<SystemService>());

        services.AddWharfServer();

        // Start-up order matters: the event journal is loaded before anything can publish, images before /info counts them.
        // Opening the database first creates the file in WAL mode and proves the data root is writable.
        AddStartupTask(services, "database", async (sp, ct) =>
        {
            await using var connection = await sp.GetRequiredService<WharfDatabase>().OpenAsync(ct);
        });
        AddStartupTask(services, "events", (sp, ct) => sp.GetRequiredService<EventBus>().InitializeAsync(ct));
        AddStartupTask(services, "images", (sp, ct) => sp.GetRequiredService<ImageService>().InitializeAsync(ct));
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

    static void AddStartupTask(IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task> run) =>
        services.AddSingleton(new StartupTask(name, run));
}
