using Wharf.Engine.Linux.Rootfs;

namespace Wharf.Engine.Linux.Tests.Rootfs;

/// <summary>
/// Layer and container directories in a temp dir for real overlay mounts; disposing unmounts every container it made
/// (and any read-only view registered with <see cref="View"/>) before removing the files.
/// </summary>
internal sealed class OverlayWorkspace : IDisposable
{
    readonly TempDir _temp = new();
    readonly List<string> _containers = [];
    readonly List<string> _views = [];

    public OverlayRootfsMounter Mounter { get; } = new();

    public string Combine(string relative) => _temp.Combine(relative);

    /// <summary>A layer directory holding <paramref name="files"/> (relative path and content).</summary>
    public string Layer(string name, params (string Path, string Content)[] files)
    {
        var dir = _temp.Combine("layers/" + name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A container directory, unmounted at dispose.</summary>
    public string Container(string name)
    {
        var dir = _temp.Combine("containers/" + name);
        _containers.Add(dir);
        return dir;
    }

    /// <summary>Registers a read-only view to unmount at dispose; returns it.</summary>
    public string View(string view)
    {
        _views.Add(view);
        return view;
    }

    public void Dispose()
    {
        foreach (var view in _views) Mounter.UnmountReadOnlyAsync(view, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        foreach (var dir in _containers) Mounter.UnmountAsync(dir, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _temp.Dispose();
    }
}
