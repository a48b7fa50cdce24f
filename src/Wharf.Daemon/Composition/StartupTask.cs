namespace Wharf.Daemon.Composition;

/// <summary>
/// One engine initialisation step (migrations, garbage collection, journal replay) that must finish before the
/// socket opens, so that no client ever sees a half-initialised daemon. Steps run in registration order.
/// </summary>
internal sealed record StartupTask(string Name, Func<IServiceProvider, CancellationToken, Task> RunAsync);
