using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Wharf.Testing;

/// <summary>Builds tar archives in memory for tests: files, directories and links, optionally gzip'd.</summary>
public sealed class TarBuilder
{
    readonly List<(string Name, TarEntryType Type, byte[]? Data, string? Link)> _entries = [];

    public TarBuilder File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TarBuilder File(string name, byte[] content)
    {
        _entries.Add((name, TarEntryType.RegularFile, content, null));
        return this;
    }

    public TarBuilder Directory(string name)
    {
        _entries.Add((name.EndsWith('/') ? name : name + "/", TarEntryType.Directory, null, null));
        return this;
    }

    public TarBuilder Symlink(string name, string target)
    {
        _entries.Add((name, TarEntryType.SymbolicLink, null, target));
        return this;
    }

    public byte[] Build()
    {
        using var ms = new MemoryStream();
        using (var writer = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, type, data, link) in _entries)
            {
                var entry = new PaxTarEntry(type, name) { ModificationTime = DateTimeOffset.UnixEpoch };
                if (link is not null) entry.LinkName = link;
                if (data is not null) entry.DataStream = new MemoryStream(data);
                writer.WriteEntry(entry);
            }
        return ms.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }
}
