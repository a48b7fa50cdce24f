namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// Resolves a path inside a container's root filesystem the way the container would see it: symlinks are
/// followed relative to the rootfs, and <c>..</c> or absolute targets never lead out of it.
/// </summary>
internal static class RootfsPath
{
    const int MaxLinks = 255;

    /// <summary>The host path that <paramref name="path"/> names inside <paramref name="root"/>, without ever leaving it.</summary>
    public static string Resolve(string root, string path)
    {
        root = Path.GetFullPath(root);
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (current.Count > 0) current.RemoveAt(current.Count - 1);
                continue;
            }
            var candidate = Path.Combine(root, Path.Combine([.. current, part]));
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links: {path}");
                // An absolute target restarts at the rootfs' root, a relative one at the link's own directory.
                if (target.StartsWith('/')) current.Clear();
                foreach (var t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(t);
                continue;
            }
            current.Add(part);
        }
        return current.Count == 0 ? root : Path.Combine(root, Path.Combine([.. current]));
    }

    /// <summary>Reads a text file of the rootfs, or null when it does not exist there.</summary>
    public static string? ReadText(string root, string path)
    {
        var resolved = Resolve(root, path);
        return File.Exists(resolved) ? File.ReadAllText(resolved) : null;
    }
}
