namespace Wharf.Engine.Info;

/// <summary>
/// The truthful <see cref="IContainerCounts"/> while Wharf cannot create containers: there are none.
/// The containers subsystem replaces this registration with its own counts.
/// </summary>
public sealed class NoContainersYet : IContainerCounts
{
    public Task<ContainerCounts> CountAsync(CancellationToken ct) => Task.FromResult(new ContainerCounts(0, 0, 0));
}
