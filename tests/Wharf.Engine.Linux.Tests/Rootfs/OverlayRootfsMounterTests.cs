using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Linux.Rootfs;

namespace Wharf.Engine.Linux.Tests.Rootfs;

/// <summary>Real overlayfs mounts of layer directories under a container's writable layer, and the changes read back.</summary>
public sealed class OverlayRootfsMounterTests : IDisposable
{
    readonly TempDir _temp = new();
    readonly OverlayRootfsMounter _mounter = new();
    readonly List<string> _containers = [];
    static CancellationToken Ct => CancellationToken.None;

    public void Dispose()
    {
        foreach (var dir in _containers) _mounter.UnmountAsync(dir, Ct).AsTask().GetAwaiter().GetResult();
        _temp.Dispose();
    }

    [RootFact]
    public async Task Mounts_layers_top_first_and_reports_what_the_container_changed()
    {
        var bottom = Layer("bottom", ("etc/os", "bottom"), ("etc/gone", "g"), ("var/cache/a", "a"), ("var/cache/b", "b"));
        var top = Layer("top", ("etc/os", "top"), ("usr/bin/tool", "t"));
        var lowers = new[] { top, bottom };
        var container = Container("c1");

        var merged = await _mounter.MountAsync(container, lowers, Ct);
        Assert.True(OverlayRootfsMounter.IsMounted(merged));
        Assert.Equal(merged, await _mounter.MountAsync(container, lowers, Ct)); // already mounted: same path, no second mount
        Assert.Equal(1, File.ReadLines("/proc/self/mountinfo").Count(l => l.Split(' ')[4] == merged));
        Assert.Equal("top", File.ReadAllText(Path.Combine(merged, "etc/os")));

        File.WriteAllText(Path.Combine(merged, "etc/os"), "changed");
        File.Delete(Path.Combine(merged, "etc/gone"));
        Directory.CreateDirectory(Path.Combine(merged, "new/dir"));
        File.WriteAllText(Path.Combine(merged, "new/dir/file"), "n");
        Directory.Delete(Path.Combine(merged, "var/cache"), recursive: true);
        Directory.CreateDirectory(Path.Combine(merged, "var/cache"));
        File.WriteAllText(Path.Combine(merged, "var/cache/fresh"), "f");

        await _mounter.UnmountAsync(container, Ct);
        Assert.False(OverlayRootfsMounter.IsMounted(merged));
        await _mounter.UnmountAsync(container, Ct); // not mounted: nothing to do

        var changes = await _mounter.ChangesAsync(container, lowers, Ct);
        Assert.Equal(
            [
                new("/etc", FileChangeKind.Modified),
                new("/etc/gone", FileChangeKind.Deleted),
                new("/etc/os", FileChangeKind.Modified),
                new("/new", FileChangeKind.Added),
                new("/new/dir", FileChangeKind.Added),
                new("/new/dir/file", FileChangeKind.Added),
                new("/var", FileChangeKind.Modified),
                new("/var/cache", FileChangeKind.Modified),
                new("/var/cache/fresh", FileChangeKind.Added),
            ],
            changes);

        // The writable layer stays: mounting again shows the container's files.
        merged = await _mounter.MountAsync(container, lowers, Ct);
        Assert.Equal("changed", File.ReadAllText(Path.Combine(merged, "etc/os")));
        Assert.False(File.Exists(Path.Combine(merged, "var/cache/a")));
    }

    [RootFact]
    public async Task Many_layers_with_long_paths_mount_through_the_new_mount_api()
    {
        var lowers = Enumerable.Range(0, 60)
            .Select(i => Layer($"layer-{i:D2}-{new string('x', 90)}", ($"f{i}", i.ToString())))
            .ToArray();
        Assert.True(string.Join(':', lowers).Length > 4096);
        var container = Container("many");

        var merged = await _mounter.MountAsync(container, lowers, Ct);
        Assert.Equal("0", File.ReadAllText(Path.Combine(merged, "f0")));
        Assert.Equal("59", File.ReadAllText(Path.Combine(merged, "f59")));
        await _mounter.UnmountAsync(container, Ct);
    }

    [RootFact]
    public async Task A_busy_mount_is_detached()
    {
        var container = Container("busy");
        var merged = await _mounter.MountAsync(container, [Layer("only", ("file", "x"))], Ct);
        // An open directory handle keeps the mount busy; detaching still succeeds.
        using var handle = File.OpenHandle(Path.Combine(merged, "file"));
        await _mounter.UnmountAsync(container, Ct);
        Assert.False(OverlayRootfsMounter.IsMounted(merged));
    }

    [RootFact]
    public async Task A_read_only_view_shows_what_the_container_changed_writes_nothing_and_goes_away()
    {
        var bottom = Layer("ro-bottom", ("etc/os", "bottom"), ("etc/gone", "g"));
        var container = Container("ro");
        var merged = await _mounter.MountAsync(container, [bottom], Ct);
        File.WriteAllText(Path.Combine(merged, "etc/os"), "changed");
        File.Delete(Path.Combine(merged, "etc/gone"));

        // While the container's own mount is there (a running container) and after it went (a stopped one).
        foreach (var unmountFirst in new[] { false, true })
        {
            if (unmountFirst) await _mounter.UnmountAsync(container, Ct);
            var view = await _mounter.MountReadOnlyAsync(container, [bottom], Ct);
            Assert.NotEqual(merged, view);
            Assert.True(OverlayRootfsMounter.IsMounted(view));
            Assert.Equal("changed", File.ReadAllText(Path.Combine(view, "etc/os")));
            Assert.False(File.Exists(Path.Combine(view, "etc/gone"))); // the whiteout hides it
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(view, "etc/new"), "x"));
            await _mounter.UnmountReadOnlyAsync(view, Ct);
            Assert.False(OverlayRootfsMounter.IsMounted(view));
            Assert.False(Directory.Exists(view));
        }
        Assert.Equal("bottom", File.ReadAllText(Path.Combine(bottom, "etc/os")));
    }

    [RootFact]
    public async Task A_read_only_view_of_an_image_without_layers_and_a_container_never_started()
    {
        var container = Container("bare");
        var view = await _mounter.MountReadOnlyAsync(container, [], Ct);
        Assert.Empty(Directory.EnumerateFileSystemEntries(view));
        await _mounter.UnmountReadOnlyAsync(view, Ct);
        Assert.False(Directory.Exists(view));
    }

    string Layer(string name, params (string Path, string Content)[] files)
    {
        var dir = _temp.Combine("layers/" + name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Directory.CreateDirectory(dir);
        return dir;
    }

    string Container(string name)
    {
        var dir = _temp.Combine("containers/" + name);
        _containers.Add(dir);
        return dir;
    }
}
