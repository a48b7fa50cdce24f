using System.Globalization;
using Wharf.Engine.Containers.Oci;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>
/// The container's mounts: dockerd's defaults (proc, /dev, devpts, sysfs, cgroup, mqueue, /dev/shm) minus those a
/// user mount replaces, then user mounts (Binds, Mounts, Tmpfs, the network files) sorted parents first.
/// </summary>
internal static class MountPlanner
{
    const string DefaultPropagation = "rprivate";

    static readonly HashSet<string> Propagations = ["shared", "rshared", "slave", "rslave", "private", "rprivate"];

    /// <summary>A mount the user (or the network files) asked for, before ordering.</summary>
    internal sealed record UserMount(string Destination, OciMount Mount);

    public static List<OciMount> Defaults(long shmSize, string ipcMode)
    {
        var shm = shmSize > 0 ? shmSize : 64L * 1024 * 1024;
        var list = new List<OciMount>
        {
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["rw", "nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["rw", "nosuid", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["rw", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["ro", "nosuid", "noexec", "nodev"] },
            new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["ro", "nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["rw", "nosuid", "noexec", "nodev"] },
        };
        if (ipcMode == "host")
            list.Add(new OciMount { Destination = "/dev/shm", Type = "bind", Source = "/dev/shm", Options = ["rbind", DefaultPropagation] });
        else if (ipcMode != "none")
            list.Add(new OciMount { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["rw", "nosuid", "noexec", "nodev", "mode=1777", "size=" + shm.ToString(CultureInfo.InvariantCulture)] });
        return list;
    }

    /// <summary>
    /// Parses Binds, Mounts and Tmpfs into user mounts; creates a missing <c>-v</c> source directory as dockerd does.
    /// Volumes (named, anonymous, VolumesFrom) arrive resolved in <paramref name="volumeMounts"/>; their Binds and
    /// Mounts entries are the volume layer's and are skipped here.
    /// </summary>
    public static List<UserMount> UserMounts(HostSettings host, IReadOnlyList<OciMount>? volumeMounts = null)
    {
        var result = new List<UserMount>();
        void Add(OciMount m)
        {
            if (result.Any(u => u.Destination == m.Destination)) throw EngineException.Invalid($"Duplicate mount point: {m.Destination}");
            result.Add(new UserMount(m.Destination, m));
        }

        foreach (var bind in host.Binds)
            if (ParseBind(bind) is { } parsed) Add(parsed);
        foreach (var m in host.Mounts.Where(m => m.Type != "volume")) Add(FromMountSpec(m));
        foreach (var v in volumeMounts ?? []) Add(v);
        foreach (var (dest, data) in host.Tmpfs)
        {
            CheckDestination(dest, "invalid mount config for type \"tmpfs\": ");
            Add(Tmpfs(Clean(dest), data));
        }
        return result;
    }

    /// <summary>Orders everything: filtered defaults, then the init binary, then user mounts by depth; applies read-only rootfs and privileged rules.</summary>
    public static List<OciMount> Combine(List<OciMount> defaults, OciMount? init, List<UserMount> user, bool readonlyRootfs, bool privileged)
    {
        var userDest = user.Select(u => u.Destination).ToHashSet(StringComparer.Ordinal);
        var mountsDev = userDest.Contains("/dev");
        var all = defaults
            .Where(m => !userDest.Contains(m.Destination))
            .Where(m => !(mountsDev && m.Destination.StartsWith("/dev/", StringComparison.Ordinal)))
            .ToList();
        if (init is not null) all.Add(init);
        all.AddRange(user.OrderBy(u => Depth(u.Destination)).Select(u => u.Mount));

        for (var i = 0; i < all.Count; i++)
        {
            var m = all[i];
            if (readonlyRootfs && !userDest.Contains(m.Destination)
                && m.Destination is not ("/proc" or "/dev/pts" or "/dev/shm" or "/dev/mqueue" or "/dev")
                && !m.Options.Contains("ro"))
                m = m with { Options = [.. m.Options, "ro"] };
            // A privileged container may write sysfs and its cgroups.
            if (privileged && (m.Destination == "/sys" || m.Type == "cgroup"))
                m = m with { Options = [.. m.Options.Where(o => o != "ro")] };
            all[i] = m;
        }
        return all;
    }

    /// <summary>A read-only-or-not bind of a file the engine wrote (hostname, hosts, resolv.conf).</summary>
    public static OciMount FileBind(string source, string destination, bool readOnly) =>
        new() { Destination = destination, Type = "bind", Source = source, Options = readOnly ? ["rbind", "ro", DefaultPropagation] : ["rbind", DefaultPropagation] };

    static int Depth(string destination) => destination.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>A host bind, or null for a volume entry (a name or no source), which the volume layer resolves.</summary>
    static OciMount? ParseBind(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length == 1) return null;
        if (parts.Length > 3 || parts.Any(p => p.Length == 0)) throw EngineException.Invalid($"invalid volume specification: '{spec}'");
        var (source, dest) = (parts[0], parts[1]);
        var mode = parts.Length == 3 ? parts[2] : "";
        if (!source.StartsWith('/')) return null;
        CheckDestination(dest, $"invalid volume specification: '{spec}': invalid mount config for type \"bind\": ");

        bool? readOnly = null;
        string? propagation = null;
        var label = false;
        foreach (var m in mode.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (m)
            {
                case "ro" or "rw" when readOnly is null:
                    readOnly = m == "ro";
                    break;
                case "z" or "Z" when !label:
                    // SELinux relabelling: nothing to do on a host without SELinux.
                    label = true;
                    break;
                case var p when Propagations.Contains(p) && propagation is null:
                    propagation = p;
                    break;
                default:
                    throw EngineException.Invalid($"invalid mode: {mode}");
            }
        }
        // dockerd creates a missing source directory for -v binds (not for --mount).
        if (!File.Exists(source) && !Directory.Exists(source)) Directory.CreateDirectory(source);
        return Bind(Clean(source), Clean(dest), readOnly ?? false, propagation);
    }

    static OciMount FromMountSpec(MountSpec m)
    {
        switch (m.Type)
        {
            case "bind":
                CheckDestination(m.Target, "invalid mount config for type \"bind\": ");
                if (m.Source == "") throw EngineException.Invalid("invalid mount config for type \"bind\": field Source must not be empty");
                if (!m.Source.StartsWith('/'))
                    throw EngineException.Invalid($"invalid mount config for type \"bind\": invalid mount path: '{m.Source}' mount path must be absolute");
                if (!File.Exists(m.Source) && !Directory.Exists(m.Source))
                    throw EngineException.Invalid($"invalid mount config for type \"bind\": bind source path does not exist: {m.Source}");
                if (m.Propagation is { Length: > 0 } p && !Propagations.Contains(p))
                    throw EngineException.Invalid($"invalid mount config for type \"bind\": invalid propagation mode: {p}");
                return Bind(Clean(m.Source), Clean(m.Target), m.ReadOnly, m.Propagation is { Length: > 0 } ? m.Propagation : null);
            case "tmpfs":
                CheckDestination(m.Target, "invalid mount config for type \"tmpfs\": ");
                if (m.Source != "") throw EngineException.Invalid("invalid mount config for type \"tmpfs\": field Source must not be specified");
                var data = new List<string>();
                if (m.TmpfsSize != 0) data.Add("size=" + SizeWithSuffix(m.TmpfsSize));
                if (m.TmpfsMode is { } mode && mode != 0) data.Add("mode=" + Convert.ToString(mode, 8));
                if (m.ReadOnly) data.Add("ro");
                return Tmpfs(Clean(m.Target), string.Join(',', data));
            default:
                throw EngineException.Invalid($"mount type unknown: \"{m.Type}\"");
        }
    }

    static OciMount Bind(string source, string dest, bool readOnly, string? propagation)
    {
        var options = new List<string> { "rbind" };
        if (readOnly) options.Add("ro");
        options.Add(propagation ?? DefaultPropagation);
        return new OciMount { Destination = dest, Type = "bind", Source = source, Options = options };
    }

    static OciMount Tmpfs(string dest, string data)
    {
        List<string> options = ["noexec", "nosuid", "nodev", DefaultPropagation];
        if (data != "") options.AddRange(data.Split(','));
        return new OciMount { Destination = dest, Type = "tmpfs", Source = "tmpfs", Options = MergeTmpfsOptions(options) };
    }

    /// <summary>Flag words and the group they collide in (a later word of a group wins); propagation modes are one group.</summary>
    static readonly Dictionary<string, string> FlagGroups = new(StringComparer.Ordinal)
    {
        ["ro"] = "rdonly", ["rw"] = "rdonly", ["suid"] = "nosuid", ["nosuid"] = "nosuid", ["dev"] = "nodev", ["nodev"] = "nodev",
        ["exec"] = "noexec", ["noexec"] = "noexec", ["sync"] = "sync", ["async"] = "sync", ["dirsync"] = "dirsync",
        ["atime"] = "noatime", ["noatime"] = "noatime", ["diratime"] = "nodiratime", ["nodiratime"] = "nodiratime",
        ["relatime"] = "relatime", ["norelatime"] = "relatime", ["strictatime"] = "strictatime", ["nostrictatime"] = "strictatime",
        ["mand"] = "mand", ["nomand"] = "mand",
        ["shared"] = "propagation", ["rshared"] = "propagation", ["slave"] = "propagation", ["rslave"] = "propagation",
        ["private"] = "propagation", ["rprivate"] = "propagation", ["unbindable"] = "propagation", ["runbindable"] = "propagation",
    };

    static readonly HashSet<string> TmpfsDataKeys = ["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol"];

    static List<string> MergeTmpfsOptions(List<string> options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<string>();
        for (var i = options.Count - 1; i >= 0; i--)
        {
            var o = options[i];
            if (o == "defaults") continue;
            string key;
            if (FlagGroups.TryGetValue(o, out var group)) key = "flag:" + group;
            else
            {
                var eq = o.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !TmpfsDataKeys.Contains(o[..eq])) throw EngineException.Invalid($"Invalid tmpfs option [\"{o}\"]");
                key = "data:" + o[..eq];
            }
            if (seen.Add(key)) merged.Insert(0, o);
        }
        return merged;
    }

    static string SizeWithSuffix(long size)
    {
        foreach (var (suffix, divisor) in new[] { ("g", 1L << 30), ("m", 1L << 20), ("k", 1L << 10) })
            if (size % divisor == 0) return (size / divisor).ToString(CultureInfo.InvariantCulture) + suffix;
        return size.ToString(CultureInfo.InvariantCulture);
    }

    static void CheckDestination(string dest, string prefix)
    {
        if (!dest.StartsWith('/')) throw EngineException.Invalid($"{prefix}invalid mount path: '{dest}' mount path must be absolute");
        if (Clean(dest) == "/") throw EngineException.Invalid($"{prefix}invalid specification: destination can't be '/'");
    }

    static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var p in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (p == ".") continue;
            if (p == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(p);
        }
        return "/" + string.Join('/', parts);
    }
}
