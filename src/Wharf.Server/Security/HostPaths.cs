namespace Wharf.Server.Security;

/// <summary>
/// Where a host path really leads, resolved as the kernel walks it: component by component, following every symlink
/// (relative ones from their directory), <c>..</c> applied to the resolved parent. Missing components are kept as
/// written (dockerd creates a missing bind source), and a later <c>..</c> can lead back to where links are followed.
/// </summary>
internal static class HostPaths
{
    const int MaxSymlinks = 40; // Linux's MAXSYMLINKS

    /// <summary>The resolved absolute path of <paramref name="path"/> (which must be absolute).</summary>
    public static string Resolve(string path)
    {
        var pending = new Stack<string>();
        PushComponents(pending, path);
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(part);
            var current = "/" + string.Join('/', resolved);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable as a link: taken as written; what is below is still checked component by component.
                continue;
            }
            if (target is null) continue;
            if (++links > MaxSymlinks) throw new IOException($"too many levels of symbolic links: {path}");
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/')) resolved.Clear();
            PushComponents(pending, target);
        }
        return "/" + string.Join('/', resolved);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both resolved).</summary>
    public static bool IsWithin(string path, string root) =>
        root == "/" || path == root || (path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length && path[root.Length] == '/');

    static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
