using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Daemon.Config;
using Wharf.Engine.Storage;

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

        // Opening the database once at start creates the file in WAL mode and proves the data root is writable.
        AddStartupTask(services, "database", async (sp, ct) =>
        {
            await using var connection = await sp.GetRequiredService<WharfDatabase>().OpenAsync(ct);
        });
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
    }

    static void AddStartupTask(IServiceCollection services, string name, Func<IServiceProvider, CancellationToken, Task> run) =>
        services.AddSingleton(new StartupTask(name, run));
}
