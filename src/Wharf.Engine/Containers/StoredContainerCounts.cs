using Wharf.Engine.Info;

namespace Wharf.Engine.Containers;

/// <summary><c>/info</c>'s container counts from the store: running (restarting included), paused, and everything else as stopped.</summary>
public sealed class StoredContainerCounts(ContainerStore store) : IContainerCounts
{
    public Task<ContainerCounts> CountAsync(CancellationToken ct)
    {
        int running = 0, paused = 0, stopped = 0;
        foreach (var c in store.All())
        {
            switch (c.State.Status)
            {
                case ContainerStatus.Running or ContainerStatus.Restarting: running++; break;
                case ContainerStatus.Paused: paused++; break;
                default: stopped++; break;
            }
        }
        return Task.FromResult(new ContainerCounts(running, paused, stopped));
    }
}
