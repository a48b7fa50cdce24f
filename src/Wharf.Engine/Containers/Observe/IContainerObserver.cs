namespace Wharf.Engine.Containers.Observe;

/// <summary>What a container holds, looked at from outside: its processes (<c>top</c>), its usage (<c>stats</c>), its filesystem (<c>export</c>).</summary>
public interface IContainerObserver
{
    /// <summary>The host's <c>ps</c> (<paramref name="psArgs"/>, default <c>-ef</c>) cut down to the container's processes; 409 when it is not running.</summary>
    Task<ContainerTop> TopAsync(string name, string? psArgs, CancellationToken ct);

    /// <summary>Resolves the container now (404 before any byte is written); samples are taken as the caller enumerates.</summary>
    Task<ContainerStatsFeed> StatsAsync(string name, StatsRequest request, CancellationToken ct);

    /// <summary>
    /// Makes the container's filesystem readable (the running container's own mount, or a read-only one made for this);
    /// disposing the export releases what was mounted for it.
    /// </summary>
    Task<ContainerExport> ExportAsync(string name, CancellationToken ct);
}
