using System.Formats.Tar;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// The host side of <c>cp</c>: packs a local path into a tar whose top entry is renamed as docker's PrepareArchiveCopy renames
/// it, and extracts a container's tar into a local directory with the top entry renamed likewise (RebaseArchiveEntries).
/// </summary>
internal static class LocalArchive
{
    /// <summary>Writes <paramref name="source"/> as <paramref name="topName"/> (its contents at the top level when <paramref name="topName"/> is "").</summary>
    public static async Task WriteAsync(Stream output, string source, string topName, CancellationToken ct)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (topName.Length > 0) await tar.WriteEntryAsync(source, topName, ct);
        if (Directory.Exists(source) && new DirectoryInfo(source).LinkTarget is null) await WriteChildrenAsync(tar, source, topName, ct);
    }

    static async Task WriteChildrenAsync(TarWriter tar, string directory, string prefix, CancellationToken ct)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = prefix.Length == 0 ? Path.GetFileName(path) : $"{prefix}/{Path.GetFileName(path)}";
            await tar.WriteEntryAsync(path, name, ct);
            var info = new DirectoryInfo(path);
            // Symbolic links to directories are written as links, not followed.
            if (info.Exists && info.LinkTarget is null) await WriteChildrenAsync(tar, path, name, ct);
        }
    }

    /// <summary>
    /// Extracts <paramref name="tar"/> into <paramref name="directory"/>: entries under <paramref name="sourceBase"/> are renamed to
    /// start with <paramref name="targetBase"/> ("" drops the top directory, copying its contents). Entries escaping the directory are refused.
    /// </summary>
    public static async Task ExtractAsync(Stream tar, string directory, string sourceBase, string targetBase, CancellationToken ct)
    {
        var root = Path.GetFullPath(directory);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var name = Rebase(entry.Name, sourceBase, targetBase);
            if (name.Length == 0) continue;
            var path = Path.GetFullPath(Path.Combine(root, name));
            if (!path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
                throw new CliException($"invalid tar entry name: {entry.Name}");
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    SetMode(path, entry);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
                    await entry.ExtractToFileAsync(path, overwrite: true, ct);
                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var target = Path.GetFullPath(Path.Combine(root, Rebase(entry.LinkName, sourceBase, targetBase)));
                    File.Copy(target, path, overwrite: true);
                    break;
                default:
                    // Devices, fifos and PAX metadata have no meaning on the host side of a copy.
                    break;
            }
        }
    }

    static void SetMode(string path, TarEntry entry)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, entry.Mode);
        Directory.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }

    internal static string Rebase(string name, string sourceBase, string targetBase)
    {
        name = name.TrimStart('/');
        if (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        name = name.TrimEnd('/');
        // A "dir/." source is archived as "./", "./f"…: every entry is relative to the directory itself.
        if (sourceBase == ".") return name.Length == 0 ? targetBase : targetBase.Length == 0 ? name : $"{targetBase}/{name}";
        if (sourceBase.Length == 0 || sourceBase == targetBase) return name;
        if (name == sourceBase) return targetBase;
        if (name.StartsWith(sourceBase + "/", StringComparison.Ordinal))
            return targetBase.Length == 0 ? name[(sourceBase.Length + 1)..] : targetBase + name[sourceBase.Length..];
        return name;
    }
}
