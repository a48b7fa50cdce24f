namespace Wharf.Engine.Containers.Observe;

/// <summary>
/// A container's filesystem made readable for <c>export</c>. Dispose it whatever happens (the client may go away mid-stream):
/// that unmounts what was mounted for it.
/// </summary>
public sealed class ContainerExport : IAsyncDisposable
{
    readonly Func<ValueTask> _release;
    int _released;

    /// <summary>A view of <paramref name="root"/>; <paramref name="release"/> runs once, on the first dispose.</summary>
    public ContainerExport(ContainerId id, string root, Func<ValueTask> release)
    {
        Id = id;
        Root = root;
        _release = release;
    }

    public ContainerId Id { get; }

    /// <summary>Where the filesystem is readable while the export is held.</summary>
    public string Root { get; }

    /// <summary>Streams the whole tree as tar to <paramref name="output"/>, entry by entry (never buffered whole).</summary>
    public Task WriteToAsync(Stream output, CancellationToken ct) => RootfsTar.WriteAsync(Root, output, ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) await _release();
    }
}
