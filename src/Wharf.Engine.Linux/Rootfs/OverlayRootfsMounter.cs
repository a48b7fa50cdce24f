using System.Text;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Rootfs;

/// <summary>
/// <see cref="IRootfsMounter"/> with overlayfs: the image's layer directories as lowerdir (top first), the container's
/// <c>diff</c> as upperdir and <c>work</c> as workdir, mounted at <c>merged</c> with <c>index=off</c> (so layers can be
/// shared by many containers without the kernel tying them to one upper). Mount options must fit in one page; when the
/// layer paths are too long, each layer is given on its own through the new mount API (<c>lowerdir+</c>, Linux 6.8).
/// </summary>
public sealed class OverlayRootfsMounter : IRootfsMounter
{
    // The kernel copies at most one page of mount data, its terminating NUL included.
    const int MaxMountData = 4095;
    const string OpaqueXattr = "trusted.overlay.opaque";

    public ValueTask<string> MountAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct)
    {
        containerDir = Path.GetFullPath(containerDir);
        var upper = Directory.CreateDirectory(Path.Combine(containerDir, "diff")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(containerDir, "work")).FullName;
        var merged = Directory.CreateDirectory(Path.Combine(containerDir, "merged")).FullName;
        if (IsMounted(merged)) return ValueTask.FromResult(merged);

        // overlayfs needs at least one lower directory: an image without layers gets an empty one.
        var lowers = lowerDirs.Count > 0
            ? lowerDirs.Select(Path.GetFullPath).ToList()
            : [Directory.CreateDirectory(Path.Combine(containerDir, "empty")).FullName];
        var data = Options(lowers, upper, work);
        try
        {
            if (data.Length <= MaxMountData)
            {
                NativeMethods.Mount("overlay", merged, "overlay", data);
            }
            else
            {
                // Too long for mount(2)'s one page: give the layers one by one to the new mount API.
                var options = lowers.Select(l => ("lowerdir+", l)).ToList();
                options.AddRange([("upperdir", upper), ("workdir", work), ("index", "off")]);
                NativeMethods.MountWithContext("overlay", merged, options);
            }
        }
        catch (NativeException e)
        {
            throw new EngineException(ErrorKind.Internal, $"error mounting the root filesystem at {merged}: {e.Message}", e);
        }
        return ValueTask.FromResult(merged);
    }

    public ValueTask UnmountAsync(string containerDir, CancellationToken ct)
    {
        var merged = Path.Combine(Path.GetFullPath(containerDir), "merged");
        if (!IsMounted(merged)) return ValueTask.CompletedTask;
        var errno = NativeMethods.Unmount(merged, detach: false);
        // Busy (a process still has a file open there): detach now, the kernel finishes when it is released.
        if (errno == NativeMethods.EBUSY) errno = NativeMethods.Unmount(merged, detach: true);
        if (errno is not (0 or NativeMethods.EINVAL or NativeMethods.ENOENT))
            throw new EngineException(ErrorKind.Internal, $"error unmounting {merged}: {new NativeException("umount2", merged, errno).Message}");
        return ValueTask.CompletedTask;
    }

    public ValueTask<string> MountReadOnlyAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct)
    {
        containerDir = Path.GetFullPath(containerDir);
        // The writable layer becomes the top lower layer: nothing is written (no upper, no work dir), and the container's
        // own mount, if it is started meanwhile, stays apart.
        var layers = new List<string> { Directory.CreateDirectory(Path.Combine(containerDir, "diff")).FullName };
        layers.AddRange(lowerDirs.Select(Path.GetFullPath));
        // overlayfs without an upper layer needs two lower ones.
        if (layers.Count < 2) layers.Add(Directory.CreateDirectory(Path.Combine(containerDir, "empty")).FullName);
        var target = Directory.CreateDirectory(Path.Combine(containerDir, "ro", Guid.NewGuid().ToString("N"))).FullName;
        var data = $"lowerdir={string.Join(':', layers)}";
        try
        {
            if (data.Length <= MaxMountData)
                NativeMethods.Mount("overlay", target, "overlay", data);
            else
                NativeMethods.MountWithContext("overlay", target, [.. layers.Select(l => ("lowerdir+", l))]);
        }
        catch (NativeException e)
        {
            Directory.Delete(target);
            throw new EngineException(ErrorKind.Internal, $"error mounting the root filesystem at {target}: {e.Message}", e);
        }
        return ValueTask.FromResult(target);
    }

    public ValueTask UnmountReadOnlyAsync(string path, CancellationToken ct)
    {
        path = Path.GetFullPath(path);
        if (IsMounted(path))
        {
            var errno = NativeMethods.Unmount(path, detach: false);
            if (errno == NativeMethods.EBUSY) errno = NativeMethods.Unmount(path, detach: true);
            if (errno is not (0 or NativeMethods.EINVAL or NativeMethods.ENOENT))
                throw new EngineException(ErrorKind.Internal, $"error unmounting {path}: {new NativeException("umount2", path, errno).Message}");
        }
        // Empty once unmounted; a directory that still holds files is not ours to delete.
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<FileChange>> ChangesAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct)
    {
        var upper = Path.Combine(Path.GetFullPath(containerDir), "diff");
        var changes = new List<FileChange>();
        if (Directory.Exists(upper)) Walk(upper, "", lowerDirs, changes, ct);
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return ValueTask.FromResult<IReadOnlyList<FileChange>>(changes);
    }

    public Task WriteDiffAsync(string containerDir, Stream output, CancellationToken ct) =>
        OverlayDiffTar.WriteAsync(Path.Combine(Path.GetFullPath(containerDir), "diff"), output, ct);

    static void Walk(string upper, string relative, IReadOnlyList<string> lowerDirs, List<FileChange> changes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(upper, relative.TrimStart('/'))))
        {
            var path = relative + "/" + Path.GetFileName(entry);
            var (type, major, minor) = NativeMethods.Lstat(entry);
            if (type == FileTypeBits.Character && major == 0 && minor == 0)
            {
                changes.Add(new FileChange(path, FileChangeKind.Deleted)); // an overlayfs whiteout
                continue;
            }
            // A path that was in a layer was copied up (or replaced, or made opaque): modified; otherwise it is new.
            var kind = ExistsInLower(lowerDirs, path) ? FileChangeKind.Modified : FileChangeKind.Added;
            changes.Add(new FileChange(path, kind));
            if (type != DirectoryBits) continue;
            var opaque = NativeMethods.Lgetxattr(entry, OpaqueXattr);
            if (opaque is not null && kind == FileChangeKind.Modified && Encoding.ASCII.GetString(opaque) == "y")
            {
                // An opaque directory hides everything below it in the layers: what is in it now was all added.
                AddAll(entry, path, changes, ct);
                continue;
            }
            Walk(upper, path, lowerDirs, changes, ct);
        }
    }

    static void AddAll(string directory, string relative, List<FileChange> changes, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var path = relative + "/" + Path.GetFileName(entry);
            changes.Add(new FileChange(path, FileChangeKind.Added));
            if (NativeMethods.Lstat(entry).Type == DirectoryBits) AddAll(entry, path, changes, ct);
        }
    }

    const uint DirectoryBits = 0x4000; // S_IFDIR

    static bool ExistsInLower(IReadOnlyList<string> lowerDirs, string path)
    {
        foreach (var lower in lowerDirs)
        {
            try
            {
                NativeMethods.Lstat(Path.Combine(lower, path.TrimStart('/')));
                return true;
            }
            catch (NativeException)
            {
                // ENOENT or ENOTDIR: not in this layer.
            }
        }
        return false;
    }

    static string Options(IReadOnlyList<string> lowers, string upper, string work) =>
        $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work},index=off";

    /// <summary>Whether <paramref name="path"/> is a mount point, from /proc/self/mountinfo (field 5, octal escapes).</summary>
    internal static bool IsMounted(string path)
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == path) return true;
        }
        return false;
    }

    static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}
