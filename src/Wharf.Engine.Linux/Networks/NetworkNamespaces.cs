namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// One network namespace per container, pinned by a bind mount on <c>&lt;exec-root&gt;/netns/&lt;id&gt;</c> (as
/// <c>ip netns</c> does under /run/netns), so it outlives its processes and a daemon restart; loopback is brought up by
/// the CNI loopback plugin.
/// </summary>
internal sealed class NetworkNamespaces(CniInvoker invoker, CniOptions options)
{
    public string PathOf(string containerId)
    {
        if (containerId.Length == 0 || containerId is "." or ".." || containerId.Contains('/') || containerId.Contains('\0'))
            throw EngineException.Invalid($"invalid container id for a network namespace: {containerId}");
        return Path.Combine(options.NamespaceDirectory, containerId);
    }

    public async Task<string> CreateAsync(string containerId, CancellationToken ct)
    {
        var path = PathOf(containerId);
        if (NetworkNative.IsNamespace(path)) return path;
        Directory.CreateDirectory(options.NamespaceDirectory);
        using (File.Open(path, FileMode.OpenOrCreate, FileAccess.Write)) { }
        try
        {
            await NetworkNative.PinNewNamespaceAsync(path);
            await invoker.RunAsync("ADD", CniConfigs.Loopback(), new CniCall(containerId, path, "lo"), ct);
        }
        catch
        {
            Remove(containerId);
            throw;
        }
        return path;
    }

    public string? Find(string containerId)
    {
        var path = PathOf(containerId);
        return NetworkNative.IsNamespace(path) ? path : null;
    }

    /// <summary>Unpins the namespace (it dies with its last process) and deletes the file; nothing when gone.</summary>
    public void Remove(string containerId)
    {
        var path = PathOf(containerId);
        // A namespace pinned twice (a crash between two creations) has stacked mounts: take them all off.
        for (var i = 0; i < 16 && NetworkNative.IsNamespace(path); i++)
        {
            var errno = NetworkNative.Unmount(path);
            if (errno is NetworkNative.EINVAL or NetworkNative.ENOENT) break;
            if (errno != 0) throw new EngineException(ErrorKind.Internal, $"unmount network namespace {path}: errno {errno}");
        }
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>The ids with a file in the namespace directory, pinned or left half made by a crash.</summary>
    public IReadOnlyList<string> List() =>
        Directory.Exists(options.NamespaceDirectory)
            ? [.. Directory.EnumerateFiles(options.NamespaceDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
}
