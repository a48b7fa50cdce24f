using System.Formats.Tar;

namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// Writes one path as tar as dockerd's archive endpoint does: the path itself under <c>name</c> and, for a directory,
/// everything below it as <c>name/...</c>, lexical order, links kept as links. Sockets are skipped (tar cannot hold them).
/// </summary>
internal static class ArchiveTar
{
    static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static async Task WriteAsync(string hostPath, string name, bool isDirectory, Stream output, CancellationToken ct)
    {
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            if (!isDirectory)
            {
                await writer.WriteEntryAsync(hostPath, name, ct);
                return;
            }
            await writer.WriteEntryAsync(hostPath, name + "/", ct);
            await WriteDirectoryAsync(writer, hostPath, name + "/", ct);
        }
    }

    static async Task WriteDirectoryAsync(TarWriter writer, string directory, string prefix, CancellationToken ct)
    {
        var entries = Directory.EnumerateFileSystemEntries(directory, "*", OneLevel).ToList();
        entries.Sort(StringComparer.Ordinal);
        foreach (var path in entries)
        {
            ct.ThrowIfCancellationRequested();
            var name = prefix + Path.GetFileName(path);
            var info = new FileInfo(path);
            var isLink = info.LinkTarget is not null;
            var isDirectory = !isLink && (info.Attributes & FileAttributes.Directory) != 0;
            try
            {
                await writer.WriteEntryAsync(path, isDirectory ? name + "/" : name, ct);
            }
            catch (IOException) when (!isDirectory && !isLink && info.Exists && info.Length == 0)
            {
                continue; // A socket: tar has no entry type for it.
            }
            if (isDirectory) await WriteDirectoryAsync(writer, path, name + "/", ct);
        }
    }
}
