using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Images;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Layers;

/// <summary>
/// Unpacks an uncompressed layer tar (ustar, PAX, GNU) into a directory in overlayfs form: <c>.wh.x</c> becomes a
/// 0:0 character device <c>x</c>, <c>.wh..wh..opq</c> marks its directory opaque. Nothing is ever written outside
/// the target: names are cleaned, parents are resolved inside it and symlinks are never followed out of it.
/// </summary>
public sealed class TarLayerApplier : ILayerApplier
{
    const string WhiteoutPrefix = ".wh.";
    const string OpaqueMarker = ".wh..wh..opq";
    const string XattrPaxPrefix = "SCHILY.xattr.";

    readonly ILogger _logger;
    readonly bool _privileged;

    public TarLayerApplier(ILogger<TarLayerApplier> logger)
        : this(logger, Environment.IsPrivilegedProcess)
    {
    }

    /// <summary><paramref name="privileged"/> says whether to act as root does (owners, device nodes, trusted xattrs).</summary>
    internal TarLayerApplier(ILogger logger, bool privileged)
    {
        _logger = logger;
        _privileged = privileged;
    }

    public async Task<long> ApplyAsync(Stream tar, string targetDir, CancellationToken ct)
    {
        var root = Path.GetFullPath(targetDir).TrimEnd('/');
        if (root.Length == 0) throw EngineException.Invalid("refusing to apply a layer to /");
        Directory.CreateDirectory(root);
        var state = new ApplyState(root);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            TarEntry? entry;
            try
            {
                entry = await reader.GetNextEntryAsync(copyData: false, ct);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or NotSupportedException)
            {
                throw LayerErrors.Malformed(e.Message, e);
            }
            if (entry is null) break;
            try
            {
                await ApplyEntryAsync(entry, state, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw LayerErrors.Failed(entry.Name, e);
            }
        }
        // Directories last and deepest first: writing their contents would have moved their times again.
        for (var i = state.Directories.Count - 1; i >= 0; i--)
        {
            if (state.Directories[i] is not var (path, entry)) continue;
            // A later entry may have replaced the directory with something else; its own metadata stands.
            if (LayerPaths.KindOf(path) != LayerPaths.Kind.Directory) continue;
            try
            {
                File.SetUnixFileMode(path, entry.Mode);
                SetTimes(path, entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw LayerErrors.Failed(entry.Name, e);
            }
        }
        return state.Size;
    }

    async Task ApplyEntryAsync(TarEntry entry, ApplyState state, CancellationToken ct)
    {
        // Archive-wide PAX records (git archive writes one) and tape volume labels describe the archive, not a file.
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.TapeVolume) return;
        var parts = LayerPaths.Clean(entry.Name);
        if (parts.Count == 0)
        {
            // "./": the layer's root itself, whose metadata Docker applies to the target directory.
            if (entry.EntryType == TarEntryType.Directory) ApplyDirectory(entry, state.Root, state);
            return;
        }
        var name = parts[^1];
        if (name == OpaqueMarker)
        {
            var dir = LayerPaths.ResolveParent(state.Root, parts, entry.Name, create: true);
            SetOpaque(dir);
            return;
        }
        var parent = LayerPaths.ResolveParent(state.Root, parts, entry.Name, create: true);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var hidden = parent + "/" + name[WhiteoutPrefix.Length..];
            RemoveExisting(hidden);
            NativeMethods.Mknod(hidden, FileTypeBits.Character, 0, 0);
            if (_privileged) NativeMethods.Lchown(hidden, entry.Uid, entry.Gid);
            return;
        }
        var path = parent + "/" + name;
        var relative = string.Join('/', parts);
        var existing = LayerPaths.KindOf(path);
        var isDirectory = entry.EntryType is TarEntryType.Directory or TarEntryType.DirectoryList;
        if (existing != LayerPaths.Kind.None && !(existing == LayerPaths.Kind.Directory && isDirectory))
            RemoveExisting(path);

        switch (entry.EntryType)
        {
            case TarEntryType.Directory or TarEntryType.DirectoryList:
                if (existing != LayerPaths.Kind.Directory) Directory.CreateDirectory(path);
                ApplyDirectory(entry, path, state);
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(entry, path, ct);
                state.Size += entry.Length;
                break;
            case TarEntryType.SymbolicLink:
                if (entry.LinkName.Length == 0) throw LayerErrors.InvalidSymlink(entry.Name, entry.LinkName);
                if (!entry.LinkName.StartsWith('/') && LayerPaths.RelativeLinkEscapes(parts, entry.LinkName))
                    throw LayerErrors.InvalidSymlink(entry.Name, entry.LinkName);
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                LinkToEarlierEntry(entry, path, state);
                state.Written.Add(relative);
                return;   // a hard link shares the target's inode: its metadata is the target's
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                if (!MakeNode(entry, path)) return;
                break;
            default:
                throw LayerErrors.Unsupported(entry.Name, entry.EntryType);
        }
        state.Written.Add(relative);
        ApplyMetadata(entry, path, isSymlink: entry.EntryType == TarEntryType.SymbolicLink);
    }

    void ApplyDirectory(TarEntry entry, string path, ApplyState state)
    {
        if (_privileged) NativeMethods.Lchown(path, entry.Uid, entry.Gid);
        ApplyXattrs(entry, path);
        // Mode and times wait until the end: a read-only directory must still take its contents.
        // When a directory appears twice, the later entry's metadata wins, as it would have applied last.
        if (state.DirectoryIndex.TryGetValue(path, out var earlier)) state.Directories[earlier] = null;
        state.DirectoryIndex[path] = state.Directories.Count;
        state.Directories.Add((path, entry));
    }

    void ApplyMetadata(TarEntry entry, string path, bool isSymlink)
    {
        // Owner before mode: chown clears setuid/setgid. Xattrs after chown, which drops security.capability.
        if (_privileged) NativeMethods.Lchown(path, entry.Uid, entry.Gid);
        if (!isSymlink) File.SetUnixFileMode(path, entry.Mode);
        ApplyXattrs(entry, path);
        SetTimes(path, entry);
    }

    static async Task WriteFileAsync(TarEntry entry, string path, CancellationToken ct)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,   // O_EXCL: never opens through a symlink someone left at the path
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            PreallocationSize = entry.Length,
        };
        await using var file = new FileStream(path, options);
        if (entry.DataStream is { } data) await data.CopyToAsync(file, ct);
    }

    void LinkToEarlierEntry(TarEntry entry, string path, ApplyState state)
    {
        List<string> target;
        try
        {
            target = LayerPaths.Clean(entry.LinkName);
        }
        catch (EngineException)
        {
            throw LayerErrors.InvalidHardlink(entry.Name, entry.LinkName);
        }
        // Only something this layer wrote: a link to a file outside it, or one that came before, would leak it.
        if (target.Count == 0 || !state.Written.Contains(string.Join('/', target)))
            throw LayerErrors.InvalidHardlink(entry.Name, entry.LinkName);
        var targetParent = LayerPaths.ResolveParent(state.Root, target, entry.LinkName, create: false);
        NativeMethods.Link(targetParent + "/" + target[^1], path);
    }

    bool MakeNode(TarEntry entry, string path)
    {
        var type = entry.EntryType switch
        {
            TarEntryType.CharacterDevice => FileTypeBits.Character,
            TarEntryType.BlockDevice => FileTypeBits.Block,
            _ => FileTypeBits.Fifo,
        };
        if (!_privileged && type != FileTypeBits.Fifo)
        {
            // As rootless engines do: an unprivileged process cannot make device nodes, and a layer works without them.
            LayerLog.SkippedDevice(_logger, entry.Name);
            return false;
        }
        var (major, minor) = entry is PosixTarEntry posix ? (posix.DeviceMajor, posix.DeviceMinor) : (0, 0);
        var permissions = (uint)entry.Mode & 0xfff;
        NativeMethods.Mknod(path, type | permissions, (uint)major, (uint)minor);
        return true;
    }

    void ApplyXattrs(TarEntry entry, string path)
    {
        if (entry is not PaxTarEntry pax) return;
        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (!key.StartsWith(XattrPaxPrefix, StringComparison.Ordinal)) continue;
            var name = key[XattrPaxPrefix.Length..];
            if (value.Contains('\uFFFD', StringComparison.Ordinal))
            {
                // System.Formats.Tar decodes PAX values as UTF-8, so binary values (security.capability) arrive
                // with bytes replaced; writing them would set a corrupt attribute, so it is left out, loudly.
                LayerLog.BinaryXattrLost(_logger, name, entry.Name);
                continue;
            }
            try
            {
                NativeMethods.Lsetxattr(path, name, Encoding.UTF8.GetBytes(value));
            }
            catch (NativeException e) when (!_privileged && name.StartsWith("security.", StringComparison.Ordinal))
            {
                LayerLog.SkippedXattr(_logger, name, entry.Name, e.Message);
            }
        }
    }

    void SetOpaque(string dir)
    {
        if (_privileged)
        {
            NativeMethods.Lsetxattr(dir, "trusted.overlay.opaque", "y"u8.ToArray());
            return;
        }
        // trusted.* needs CAP_SYS_ADMIN; overlayfs mounted with "userxattr" (rootless) reads the user.* twin instead.
        LayerLog.UserOpaque(_logger, dir);
        NativeMethods.Lsetxattr(dir, "user.overlay.opaque", "y"u8.ToArray());
    }

    static void SetTimes(string path, TarEntry entry)
    {
        var modified = entry.ModificationTime;
        var accessed = AccessTime(entry) is { } a && a > modified ? a : modified;   // Docker: atime is never before mtime
        NativeMethods.SetTimesNoFollow(path, accessed, modified);
    }

    static DateTimeOffset? AccessTime(TarEntry entry) => entry switch
    {
        GnuTarEntry gnu when gnu.AccessTime != default => gnu.AccessTime,
        PaxTarEntry pax when pax.ExtendedAttributes.TryGetValue("atime", out var text)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds)
            => DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)),
        _ => null,
    };

    static void RemoveExisting(string path)
    {
        switch (LayerPaths.KindOf(path))
        {
            case LayerPaths.Kind.Directory:
                Directory.Delete(path, recursive: true);
                break;
            case LayerPaths.Kind.Symlink or LayerPaths.Kind.Other:
                File.Delete(path);
                break;
        }
    }

    sealed class ApplyState(string root)
    {
        public string Root { get; } = root;
        public long Size { get; set; }
        public HashSet<string> Written { get; } = new(StringComparer.Ordinal);
        public List<(string Path, TarEntry Entry)?> Directories { get; } = [];
        public Dictionary<string, int> DirectoryIndex { get; } = new(StringComparer.Ordinal);
    }
}
