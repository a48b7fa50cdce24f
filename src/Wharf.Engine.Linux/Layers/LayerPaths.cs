namespace Wharf.Engine.Linux.Layers;

/// <summary>
/// Maps tar entry names to paths inside a layer directory without ever leaving it: names are cleaned lexically,
/// parents are resolved one component at a time, and a symlink is traversed only when it stays inside.
/// </summary>
internal static class LayerPaths
{
    const int MaxSymlinks = 40;   // Linux's MAXSYMLINKS, so a link cycle fails like it would in the kernel

    /// <summary>What is at a path, looked at without following a symlink.</summary>
    public enum Kind { None, Directory, Symlink, Other }

    /// <summary>
    /// Splits a tar name into clean components: a leading <c>/</c> is dropped (as Docker does), <c>.</c> and empty
    /// parts vanish, <c>..</c> pops; a <c>..</c> that would climb above the layer root is refused.
    /// </summary>
    public static List<string> Clean(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw LayerErrors.Escapes(name);
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>lstat(2) reduced to what the applier needs.</summary>
    public static Kind KindOf(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return Kind.Symlink;
        if (Directory.Exists(path)) return Kind.Directory;
        return info.Exists ? Kind.Other : Kind.None;
    }

    /// <summary>
    /// Resolves the directory that holds the last of <paramref name="parts"/> and returns it as a real path inside
    /// <paramref name="root"/>. Missing directories are created (0755, as Docker does) when <paramref name="create"/>
    /// is set, else they make the resolution fail. A symlink on the way is followed only when its target is relative
    /// and stays inside the root; an absolute or escaping one is refused, because following it could write outside.
    /// </summary>
    public static string ResolveParent(string root, IReadOnlyList<string> parts, string entryName, bool create)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(parts.Take(parts.Count - 1));
        var links = 0;
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count == 0) throw LayerErrors.Escapes(entryName);
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var path = Combine(root, resolved, part);
            switch (KindOf(path))
            {
                case Kind.Directory:
                    resolved.Add(part);
                    break;
                case Kind.None when create:
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                    resolved.Add(part);
                    break;
                case Kind.None:
                    throw LayerErrors.MissingParent(entryName);
                case Kind.Symlink:
                    if (++links > MaxSymlinks) throw LayerErrors.TooManyLinks(entryName);
                    var target = new FileInfo(path).LinkTarget!;
                    if (target.StartsWith('/')) throw LayerErrors.ThroughSymlink(entryName, path[(root.Length + 1)..], target);
                    // The link's own components replace it; resolving them again catches links to links and escapes.
                    var segments = target.Split('/');
                    for (var i = segments.Length - 1; i >= 0; i--) pending.AddFirst(segments[i]);
                    break;
                default:
                    throw LayerErrors.NotADirectory(entryName, path[(root.Length + 1)..]);
            }
        }
        return Combine(root, resolved, null);
    }

    /// <summary>Whether a symlink created at <paramref name="parts"/> with a relative target would point outside (Docker's breakout check).</summary>
    public static bool RelativeLinkEscapes(IReadOnlyList<string> parts, string target)
    {
        var depth = parts.Count - 1;
        foreach (var part in target.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return true;
        }
        return false;
    }

    static string Combine(string root, List<string> resolved, string? last)
    {
        var path = resolved.Count == 0 ? root : root + "/" + string.Join('/', resolved);
        return last is null ? path : path + "/" + last;
    }
}
