namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Resolves a path inside a container's root the way the container itself would see it: <c>..</c> stops at the root and
/// a symbolic link is followed with the root as <c>/</c> (an absolute target starts again from the root), so no path
/// ever leaves the root however its links point (moby's FollowSymlinkInScope).
/// </summary>
internal static class ScopedPath
{
    /// <summary>Linux's own limit on links followed in one lookup.</summary>
    const int MaxLinks = 40;

    /// <summary>
    /// The resolved path as an absolute, clean container path (<c>/etc/passwd</c>). <paramref name="readLink"/> answers a
    /// container path's link target, or null when it is no link (or does not exist). The last component is followed only
    /// when <paramref name="followFinal"/> is set or the path ends in <c>/</c> or <c>/.</c>.
    /// </summary>
    public static string Resolve(string path, Func<string, string?> readLink, bool followFinal)
    {
        var pending = new LinkedList<string>(path.Split('/'));
        var resolved = new List<string>();
        var links = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var part = node.Value;
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Join(resolved, part);
            if (pending.Count == 0 && !followFinal)
            {
                resolved.Add(part);
                break;
            }
            var target = readLink(candidate);
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxLinks) throw ArchiveErrors.TooManyLinks(path);
            if (target.StartsWith('/')) resolved.Clear();
            var parts = target.Split('/');
            for (var i = parts.Length - 1; i >= 0; i--) pending.AddFirst(parts[i]);
        }
        return resolved.Count == 0 ? "/" : "/" + string.Join('/', resolved);
    }

    /// <summary>The container path <paramref name="containerPath"/> under the host directory <paramref name="root"/>.</summary>
    public static string HostPath(string root, string containerPath) =>
        containerPath == "/" ? root : root.TrimEnd('/') + containerPath;

    /// <summary>A link reader over a real directory that stands for the container's root.</summary>
    public static Func<string, string?> LinkReader(string root) => containerPath => new FileInfo(HostPath(root, containerPath)).LinkTarget;

    /// <summary>Go's <c>filepath.Base</c>: the last element, trailing slashes ignored; <c>/</c> for the root, <c>.</c> for empty.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0) return ".";
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return "/";
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>A tar entry's name as clean relative parts; null when <c>..</c> would climb above the extraction point.</summary>
    public static IReadOnlyList<string>? RelativeParts(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts;
    }

    static string Join(List<string> resolved, string part) =>
        "/" + string.Join('/', resolved.Append(part));
}
