using Wharf.Engine.Containers;

namespace Wharf.Engine.Volumes;

/// <summary>
/// Reads the volume parts of a create: <c>Binds</c> entries whose source is a name (or that have no source),
/// <c>Mounts</c> of type volume, and the config's <c>Volumes</c> (the image's VOLUME and <c>docker run -v /path</c>),
/// with dockerd's precedence: binds, mounts and tmpfs win over the config's volumes; a destination given twice by
/// binds and mounts is dockerd's <c>Duplicate mount point</c>.
/// </summary>
public static class VolumeSpecParser
{
    static readonly HashSet<string> Propagations = ["shared", "rshared", "slave", "rslave", "private", "rprivate"];

    public static VolumePlan Parse(HostSettings host, IEnumerable<string> configVolumes)
    {
        var wishes = new List<VolumeWish>();
        var others = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Claim(string destination)
        {
            if (!seen.Add(destination)) throw EngineException.Invalid($"Duplicate mount point: {destination}");
        }

        foreach (var spec in host.Binds)
        {
            var parts = spec.Split(':');
            if (parts.Length > 3 || parts.Any(p => p.Length == 0)) throw EngineException.Invalid($"invalid volume specification: '{spec}'");
            if (parts.Length == 1)
            {
                var anonymous = Destination(parts[0], spec);
                Claim(anonymous);
                wishes.Add(new VolumeWish { Destination = anonymous });
                continue;
            }
            var (source, dest, mode) = (parts[0], parts[1], parts.Length == 3 ? parts[2] : "");
            if (source.StartsWith('/'))
            {
                // A host bind: MountPlanner owns it; only its destination matters here.
                var bind = Destination(dest, spec);
                Claim(bind);
                others.Add(bind);
                continue;
            }
            var destination = Destination(dest, spec);
            Claim(destination);
            var (readWrite, copy) = VolumeMode(mode);
            wishes.Add(new VolumeWish { Destination = destination, Name = source, ReadWrite = readWrite, CopyUp = copy, Mode = mode.Length == 0 ? "z" : mode });
        }

        foreach (var m in host.Mounts)
        {
            var destination = Clean(m.Target);
            Claim(destination);
            if (m.Type != "volume")
            {
                others.Add(destination);
                continue;
            }
            wishes.Add(new VolumeWish
            {
                Destination = destination,
                Name = m.Source.Length == 0 ? null : m.Source,
                ReadWrite = !m.ReadOnly,
                CopyUp = !m.NoCopy,
                Labels = m.VolumeLabels,
                Driver = m.VolumeDriver,
                DriverOpts = m.VolumeDriverOptions,
            });
        }

        foreach (var (dest, _) in host.Tmpfs)
        {
            var destination = Clean(dest);
            Claim(destination);
            others.Add(destination);
        }

        foreach (var v in configVolumes)
        {
            var destination = Clean(v);
            if (!v.StartsWith('/') || seen.Contains(destination)) continue;
            seen.Add(destination);
            wishes.Add(new VolumeWish { Destination = destination });
        }
        return new VolumePlan(wishes, others);
    }

    /// <summary>Parses <c>container[:ro|rw]</c>; null mode keeps each mount's own.</summary>
    public static (string Container, bool? ReadWrite) ParseVolumesFrom(string spec)
    {
        var colon = spec.LastIndexOf(':');
        if (colon < 0) return (spec, null);
        var mode = spec[(colon + 1)..];
        return mode switch
        {
            "ro" => (spec[..colon], false),
            "rw" => (spec[..colon], true),
            _ => throw EngineException.Invalid($"invalid mode: {mode}"),
        };
    }

    /// <summary>The binds of <paramref name="host"/> (host paths), as mounts another container inherits through VolumesFrom.</summary>
    public static IEnumerable<ContainerMount> HostBinds(HostSettings host)
    {
        foreach (var spec in host.Binds)
        {
            var parts = spec.Split(':');
            if (parts.Length is < 2 or > 3 || !parts[0].StartsWith('/')) continue;
            var mode = parts.Length == 3 ? parts[2] : "";
            var words = mode.Split(',', StringSplitOptions.RemoveEmptyEntries);
            yield return new ContainerMount
            {
                Destination = Clean(parts[1]),
                Type = "bind",
                Source = Clean(parts[0]),
                ReadWrite = !words.Contains("ro"),
                Mode = mode,
                Propagation = words.FirstOrDefault(Propagations.Contains) ?? "rprivate",
            };
        }
        foreach (var m in host.Mounts.Where(m => m.Type == "bind"))
        {
            yield return new ContainerMount
            {
                Destination = Clean(m.Target),
                Type = "bind",
                Source = Clean(m.Source),
                ReadWrite = !m.ReadOnly,
                Propagation = m.Propagation ?? "rprivate",
            };
        }
    }

    static (bool ReadWrite, bool Copy) VolumeMode(string mode)
    {
        bool? readOnly = null;
        bool? nocopy = null;
        var label = false;
        foreach (var word in mode.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word)
            {
                case "ro" or "rw" when readOnly is null:
                    readOnly = word == "ro";
                    break;
                case "nocopy" when nocopy is null:
                    nocopy = true;
                    break;
                case "z" or "Z" when !label:
                    label = true;
                    break;
                default:
                    throw EngineException.Invalid($"invalid mode: {mode}");
            }
        }
        return (readOnly != true, nocopy != true);
    }

    static string Destination(string dest, string spec)
    {
        if (!dest.StartsWith('/'))
            throw EngineException.Invalid($"invalid volume specification: '{spec}': invalid mount config for type \"volume\": invalid mount path: '{dest}' mount path must be absolute");
        var clean = Clean(dest);
        if (clean == "/") throw EngineException.Invalid($"invalid volume specification: '{spec}': invalid mount config for type \"volume\": invalid specification: destination can't be '/'");
        return clean;
    }

    internal static string Clean(string path)
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
