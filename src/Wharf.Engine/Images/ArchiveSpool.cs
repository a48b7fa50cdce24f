using System.Formats.Tar;

namespace Wharf.Engine.Images;

/// <summary>
/// An uploaded archive unpacked into a scratch directory, because the upload is a non-seekable stream and
/// manifests may come after the layers. Only regular files and directories are written; symbolic and hard links
/// (older saves link duplicate layers) are kept as aliases. No entry may leave the directory.
/// </summary>
internal sealed class ArchiveSpool
{
    const int MaxLinkHops = 16;
    readonly string _root;
    readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    ArchiveSpool(string root) => _root = root;

    public static async Task<ArchiveSpool> ExtractAsync(Stream archive, string root, CancellationToken ct)
    {
        var spool = new ArchiveSpool(root);
        try
        {
            await using var reader = new TarReader(archive, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                var rel = Normalize(entry.Name);
                if (rel.Length == 0) continue;
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(spool.FullPath(rel));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        var path = spool.FullPath(rel);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                            if (entry.DataStream is { } data) await data.CopyToAsync(file, ct);
                        spool._aliases.Remove(rel);
                        break;
                    case TarEntryType.SymbolicLink:
                        var dir = rel.Contains('/', StringComparison.Ordinal) ? rel[..rel.LastIndexOf('/')] : "";
                        var target = entry.LinkName.StartsWith('/') ? entry.LinkName : (dir.Length == 0 ? entry.LinkName : dir + "/" + entry.LinkName);
                        spool._aliases[rel] = Normalize(target);
                        break;
                    case TarEntryType.HardLink:
                        spool._aliases[rel] = Normalize(entry.LinkName);
                        break;
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw EngineException.Invalid($"invalid archive: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw EngineException.Invalid("invalid archive: unexpected EOF");
        }
        return spool;
    }

    /// <summary>The file behind <paramref name="relative"/>, following link aliases; null when absent.</summary>
    public string? Resolve(string relative)
    {
        string rel;
        try
        {
            rel = Normalize(relative);
        }
        catch (EngineException)
        {
            return null;
        }
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            if (_aliases.TryGetValue(rel, out var next))
            {
                rel = next;
                continue;
            }
            var path = FullPath(rel);
            return File.Exists(path) ? path : null;
        }
        return null;
    }

    public bool Exists(string relative) => Resolve(relative) is not null;

    public string Require(string relative) =>
        Resolve(relative) ?? throw EngineException.Invalid($"invalid archive: {relative} not found in the archive");

    string FullPath(string rel)
    {
        var full = Path.GetFullPath(Path.Combine(_root, rel));
        var root = Path.GetFullPath(_root).TrimEnd('/') + "/";
        if (!full.StartsWith(root, StringComparison.Ordinal)) throw EngineException.Invalid($"invalid archive: path escapes the archive: {rel}");
        return full;
    }

    /// <summary>Makes a clean relative path: no leading <c>/</c> or <c>./</c>, no <c>.</c>; <c>..</c> that would climb out is refused.</summary>
    internal static string Normalize(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw EngineException.Invalid($"invalid archive: path escapes the archive: {name}");
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
