using System.Formats.Tar;

namespace Wharf.Engine.Containers.Observe;

/// <summary>
/// Writes a directory tree as a tar stream the way <c>docker export</c> lists it: paths relative to the root without a
/// leading <c>./</c>, lexical order within each directory, symbolic links kept as links (never followed), owners, modes and
/// device numbers from the files themselves. Sockets are skipped (tar cannot hold them), as dockerd skips them.
/// </summary>
internal static class RootfsTar
{
    static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static async Task WriteAsync(string root, Stream output, CancellationToken ct)
    {
        var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        await using (writer)
        {
            await WriteDirectoryAsync(writer, root, "", ct);
        }
    }

    /// <summary>Everything below <paramref name="directory"/> as <c>prefix + relative path</c>; the archive endpoint uses it too.</summary>
    internal static async Task WriteDirectoryAsync(TarWriter writer, string directory, string prefix, CancellationToken ct)
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
            catch (IOException) when (!isDirectory && !isLink && info.Exists && info.Length == 0 && !IsRegular(path))
            {
                continue; // A socket: tar has no entry type for it.
            }
            if (isDirectory) await WriteDirectoryAsync(writer, path, name + "/", ct);
        }
    }

    static bool IsRegular(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
