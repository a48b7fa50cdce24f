namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// Finds host devices through sysfs (<c>/sys/dev/{char,block}/MAJ:MIN/uevent</c> gives each node's name and
/// numbers), so the engine needs no native <c>stat</c>. Owners are reported as root.
/// </summary>
public sealed class SysfsHostDevices(string devRoot = "/dev", string sysDevRoot = "/sys/dev") : IHostDevices
{
    /// <summary>Directories dockerd skips when it lists host devices for privileged containers.</summary>
    static readonly HashSet<string> SkippedDirs = ["pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev"];

    public HostDevice? Find(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path)) throw new FileNotFoundException($"lstat {path}: no such file or directory", path);
        var resolved = info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        return Lookup(resolved, path);
    }

    public IReadOnlyList<HostDevice> All()
    {
        var result = new List<HostDevice>();
        Walk(devRoot, result);
        return result;
    }

    void Walk(string dir, List<HostDevice> into)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo d)
            {
                if (!SkippedDirs.Contains(d.Name)) Walk(d.FullName, into);
                continue;
            }
            if (entry.FullName == Path.Combine(devRoot, "console")) continue;
            if (Lookup(entry.FullName, entry.FullName) is { } dev) into.Add(dev);
        }
    }

    HostDevice? Lookup(string resolved, string reportedPath)
    {
        var devPrefix = devRoot.TrimEnd('/') + "/";
        if (!resolved.StartsWith(devPrefix, StringComparison.Ordinal)) return null;
        var name = resolved[devPrefix.Length..];
        if (!Index().TryGetValue(name, out var numbers)) return null;
        var mode = OperatingSystem.IsWindows() ? 0u : (uint)File.GetUnixFileMode(resolved);
        return new HostDevice(reportedPath, numbers.Type, numbers.Major, numbers.Minor, mode);
    }

    Dictionary<string, (string Type, long Major, long Minor)>? index;

    Dictionary<string, (string Type, long Major, long Minor)> Index()
    {
        if (index is not null) return index;
        var map = new Dictionary<string, (string, long, long)>(StringComparer.Ordinal);
        foreach (var (sub, type) in new[] { ("char", "c"), ("block", "b") })
        {
            var dir = Path.Combine(sysDevRoot, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var node in Directory.EnumerateFileSystemEntries(dir))
            {
                var uevent = Path.Combine(node, "uevent");
                if (!File.Exists(uevent)) continue;
                string? devName = null;
                long major = -1, minor = -1;
                foreach (var line in File.ReadLines(uevent))
                {
                    if (line.StartsWith("DEVNAME=", StringComparison.Ordinal)) devName = line[8..];
                    else if (line.StartsWith("MAJOR=", StringComparison.Ordinal)) _ = long.TryParse(line[6..], out major);
                    else if (line.StartsWith("MINOR=", StringComparison.Ordinal)) _ = long.TryParse(line[6..], out minor);
                }
                if (devName is not null && major >= 0 && minor >= 0) map.TryAdd(devName, (type, major, minor));
            }
        }
        return index = map;
    }
}
