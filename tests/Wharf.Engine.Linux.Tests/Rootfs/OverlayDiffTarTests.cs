using System.Formats.Tar;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Rootfs;

namespace Wharf.Engine.Linux.Tests.Rootfs;

/// <summary>
/// The writable layer of a real overlay as a layer tar: whiteouts and opaque directories in the OCI form, and the tar
/// applied onto the same lower layers giving back the container's view.
/// </summary>
public sealed class OverlayDiffTarTests : IDisposable
{
    readonly OverlayWorkspace _w = new();
    static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _w.Dispose();

    [RootFact]
    public async Task Added_changed_deleted_files_and_an_opaque_dir_become_oci_entries_and_apply_back_to_the_same_view()
    {
        var bottom = _w.Layer("bottom", ("etc/os", "bottom"), ("etc/gone", "g"), ("var/cache/a", "a"), ("var/cache/b", "b"), ("old/x", "x"));
        var top = _w.Layer("top", ("etc/os", "top"), ("usr/bin/tool", "t"));
        var lowers = new[] { top, bottom };
        var container = _w.Container("c1");
        var merged = await _w.Mounter.MountAsync(container, lowers, Ct);
        File.WriteAllText(Path.Combine(merged, "etc/os"), "changed");
        File.Delete(Path.Combine(merged, "etc/gone"));
        Directory.CreateDirectory(Path.Combine(merged, "data"));
        File.WriteAllText(Path.Combine(merged, "data/f"), "hello");
        File.SetUnixFileMode(Path.Combine(merged, "data/f"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(merged, "data/link"), "/etc/os");
        Directory.Delete(Path.Combine(merged, "var/cache"), recursive: true);
        Directory.CreateDirectory(Path.Combine(merged, "var/cache"));
        File.WriteAllText(Path.Combine(merged, "var/cache/fresh"), "f");
        Directory.Delete(Path.Combine(merged, "old"), recursive: true);
        await _w.Mounter.UnmountAsync(container, Ct);

        var tar = new MemoryStream();
        await _w.Mounter.WriteDiffAsync(container, tar, Ct);

        tar.Position = 0;
        var entries = new List<(string Name, TarEntryType Type, long Length, string? Link)>();
        await using (var reader = new TarReader(tar, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, Ct) is { } e) entries.Add((e.Name, e.EntryType, e.Length, NullIfEmpty(e.LinkName)));
        }
        Assert.Equal(
            [
                ("data/", TarEntryType.Directory, 0, null),
                ("data/f", TarEntryType.RegularFile, 5, null),
                ("data/link", TarEntryType.SymbolicLink, 0, "/etc/os"),
                ("etc/", TarEntryType.Directory, 0, null),
                ("etc/.wh.gone", TarEntryType.RegularFile, 0, null),
                ("etc/os", TarEntryType.RegularFile, 7, null),
                (".wh.old", TarEntryType.RegularFile, 0, null),
                ("var/", TarEntryType.Directory, 0, null),
                ("var/cache/", TarEntryType.Directory, 0, null),
                ("var/cache/.wh..wh..opq", TarEntryType.RegularFile, 0, null),
                ("var/cache/fresh", TarEntryType.RegularFile, 1, null),
            ],
            entries); // lexical order of the upper directory's own names, whiteouts where their files were

        // The tar as a new top layer over the same lowers shows exactly what the container saw.
        var replay = _w.Container("replay");
        tar.Position = 0;
        await new TarLayerApplier(NullLogger.Instance, privileged: true).ApplyAsync(tar, Path.Combine(replay, "diff"), Ct);
        var expected = Snapshot(await View(container, lowers));
        var actual = Snapshot(await View(replay, lowers));
        Assert.Equal(expected, actual);
        Assert.Contains(("/data/f", "file 700 hello"), actual);
        Assert.DoesNotContain(actual, e => e.Path is "/etc/gone" or "/var/cache/a" or "/old" or "/old/x");
        Assert.Contains(("/var/cache/fresh", "file 644 f"), actual);
    }

    [RootFact]
    public async Task An_untouched_writable_layer_is_the_empty_tar()
    {
        var container = _w.Container("clean");
        await _w.Mounter.MountAsync(container, [_w.Layer("only", ("file", "x"))], Ct);
        await _w.Mounter.UnmountAsync(container, Ct);

        var tar = new MemoryStream();
        await _w.Mounter.WriteDiffAsync(container, tar, Ct);

        Assert.Equal(new byte[1024], tar.ToArray());
    }

    async Task<string> View(string container, string[] lowers) => _w.View(await _w.Mounter.MountReadOnlyAsync(container, lowers, Ct));

    /// <summary>Every path with its type, permissions and content (or link target).</summary>
    static List<(string Path, string What)> Snapshot(string root)
    {
        var result = new List<(string, string)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            var what = info.LinkTarget is { } target ? "link " + target
                : (info.Attributes & FileAttributes.Directory) != 0 ? "dir " + Mode(path)
                : "file " + Mode(path) + " " + File.ReadAllText(path);
            result.Add(("/" + Path.GetRelativePath(root, path), what));
        }
        return result;
    }

    static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
