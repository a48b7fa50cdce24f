namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// A path of a container ready to be read as tar: its stat (for the header, sent before the body) and the tree. Dispose
/// it whatever happens: that releases the mount made for a stopped container.
/// </summary>
public sealed class ContainerPathArchive : IAsyncDisposable
{
    readonly ContainerRoot _root;
    readonly string _hostPath;

    internal ContainerPathArchive(PathStat stat, ContainerRoot root, string hostPath)
    {
        Stat = stat;
        _root = root;
        _hostPath = hostPath;
    }

    public PathStat Stat { get; }

    /// <summary>Streams the path as tar, its entries named under <see cref="PathStat.Name"/> (a directory's contents for <c>.</c>).</summary>
    public Task WriteToAsync(Stream output, CancellationToken ct) => ArchiveTar.WriteAsync(_hostPath, Stat.Name, Stat.IsDirectory, output, ct);

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}
