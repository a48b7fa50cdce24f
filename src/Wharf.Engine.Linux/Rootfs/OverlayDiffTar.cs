using System.Formats.Tar;
using System.Text;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Rootfs;

/// <summary>
/// Writes an overlayfs upper directory as a layer tar in the OCI/Docker form, the reverse of
/// <see cref="Layers.TarLayerApplier"/>: a whiteout (0:0 character device) <c>x</c> becomes an empty regular file
/// <c>.wh.x</c>, an opaque directory is followed by a <c>.wh..wh..opq</c> entry, everything else is written from the file
/// itself (mode, owner, times, symlink, device numbers). Entries are streamed one by one in lexical order per directory.
/// </summary>
internal static class OverlayDiffTar
{
    const string WhiteoutPrefix = ".wh.";
    const string OpaqueMarker = ".wh..wh..opq";
    const uint TypeMask = 0xF000;
    const uint DirectoryBits = 0x4000;  // S_IFDIR
    const uint SocketBits = 0xC000;     // S_IFSOCK

    // Kernels mounted with userxattr (rootless) mark opaque directories in the user namespace instead.
    static readonly string[] OpaqueXattrs = ["trusted.overlay.opaque", "user.overlay.opaque"];

    static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static async Task WriteAsync(string upperDir, Stream output, CancellationToken ct)
    {
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var empty = true;
        await using (writer)
        {
            if (Directory.Exists(upperDir)) empty = !await WriteDirectoryAsync(writer, upperDir, "", ct);
        }
        // TarWriter writes nothing at all without entries; Go writes the two zero blocks, whose digest dockerd knows as
        // the empty layer.
        if (empty) await output.WriteAsync(new byte[1024], ct);
    }

    /// <summary>Writes what is below <paramref name="directory"/>; false when there was nothing.</summary>
    static async Task<bool> WriteDirectoryAsync(TarWriter writer, string directory, string prefix, CancellationToken ct)
    {
        var wrote = false;
        var entries = Directory.EnumerateFileSystemEntries(directory, "*", OneLevel).ToList();
        entries.Sort(StringComparer.Ordinal);
        foreach (var path in entries)
        {
            ct.ThrowIfCancellationRequested();
            var fileName = Path.GetFileName(path);
            var (type, major, minor) = NativeMethods.Lstat(path);
            if (type == FileTypeBits.Character && major == 0 && minor == 0)
            {
                await writer.WriteEntryAsync(MadeEntry(path, prefix + WhiteoutPrefix + fileName, permissions: 0x180 /* 0600 */), ct);
                wrote = true;
                continue;
            }
            if ((type & TypeMask) == SocketBits) continue; // tar has no entry type for a socket; dockerd skips them too.
            wrote = true;
            if ((type & TypeMask) != DirectoryBits)
            {
                await writer.WriteEntryAsync(path, prefix + fileName, ct);
                continue;
            }
            var name = prefix + fileName + "/";
            await writer.WriteEntryAsync(path, name, ct);
            if (IsOpaque(path)) await writer.WriteEntryAsync(MadeEntry(path, name + OpaqueMarker, permissions: null), ct);
            await WriteDirectoryAsync(writer, path, name, ct);
        }
        return wrote;
    }

    /// <summary>An empty regular file entry with <paramref name="source"/>'s owner and times (and its permissions unless given).</summary>
    static PaxTarEntry MadeEntry(string source, string name, uint? permissions)
    {
        var (uid, gid, mode) = NativeMethods.LstatOwner(source);
        return new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Uid = uid,
            Gid = gid,
            Mode = (UnixFileMode)(permissions ?? mode),
            ModificationTime = File.GetLastWriteTimeUtc(source),
        };
    }

    static bool IsOpaque(string directory)
    {
        foreach (var xattr in OpaqueXattrs)
        {
            if (NativeMethods.Lgetxattr(directory, xattr) is { } value && Encoding.ASCII.GetString(value) == "y") return true;
        }
        return false;
    }
}
