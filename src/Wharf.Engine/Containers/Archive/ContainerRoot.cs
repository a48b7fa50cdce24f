using Wharf.Engine.Volumes;

namespace Wharf.Engine.Containers.Archive;

/// <summary>A container's root made reachable for one archive call; disposing releases what was mounted or locked for it.</summary>
internal sealed class ContainerRoot : IAsyncDisposable
{
    readonly Func<ValueTask> _release;
    int _released;

    public ContainerRoot(ContainerRecord record, string path, IReadOnlyList<ContainerMount> mounts, Func<ValueTask> release)
    {
        Record = record;
        Path = path;
        Mounts = mounts;
        _release = release;
    }

    public ContainerRecord Record { get; }

    /// <summary>The container's volume and bind mounts, by container path.</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; }

    /// <summary>The host directory that is the container's <c>/</c>.</summary>
    public string Path { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) await _release();
    }
}
