using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Linux.Rootfs;

namespace Wharf.Engine.Linux.Tests.Rootfs;

/// <summary>Real overlayfs mounts of layer directories under a container's writable layer, and the changes read back.</summary>
public sealed class OverlayRootfsMounterTests : IDisposable
{
    readonly OverlayWorkspace _w = new();
    static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _w.Dispose();

    [RootFact]
    public async Task Mounts_layers_top_first_and_reports_what_the_container_changed()
    {
        var bottom = _w.Layer("bottom", ("etc/os", "bottom"), ("etc/gone", "g"), ("var/cache/a", "a"), ("var/cache/b", "b"));
        var top = _w.Layer("top", ("etc/os", "top"), ("usr/bin/tool", "t"));
        var lowers = new[] { top, bottom };
        var container = _w.Container("c1");

        var merged = await _w.Mounter.MountAsync(container, lowers, Ct);
        Assert.True(OverlayRootfsMounter.IsMounted(merged));
        Assert.Equal(merged, await _w.Mounter.MountAsync(container, lowers, Ct)); // already mounted: same path, no second mount
        Assert.Equal(1, File.ReadLines("/proc/self/mountinfo").Count(l => l.Split(' ')[4] == merged));
        Assert.Equal("top", File.ReadAllText(Path.Combine(merged, "etc/os")));

        File.WriteAllText(Path.Combine(merged, "etc/os"), "changed");
        File.Delete(Path.Combine(merged, "etc/gone"));
        Directory.CreateDirectory(Path.Combine(merged, "new/dir"));
        File.WriteAllText(Path.Combine(merged, "new/dir/file"), "n");
        Directory.Delete(Path.Combine(merged, "var/cache"), recursive: true);
        Directory.CreateDirectory(Path.Combine(merged, "var/cache"));
        File.WriteAllText(Path.Combine(merged, "var/cache/fresh"), "f");

        await _w.Mounter.UnmountAsync(container, Ct);
        Assert.False(OverlayRootfsMounter.IsMounted(merged));
        await _w.Mounter.UnmountAsync(container, Ct); // not mounted: nothing to do

        var changes = await _w.Mounter.ChangesAsync(container, lowers, Ct);
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
        merged = await _w.Mounter.MountAsync(container, lowers, Ct);
        Assert.Equal("changed", File.ReadAllText(Path.Combine(merged, "etc/os")));
        Assert.False(File.Exists(Path.Combine(merged, "var/cache/a")));
    }

    [RootFact]
    public async Task Many_layers_with_long_paths_mount_through_the_new_mount_api()
    {
        var lowers = Enumerable.Range(0, 60)
            .Select(i => _w.Layer($"layer-{i:D2}-{new string('x', 90)}", ($"f{i}", i.ToString())))
            .ToArray();
        Assert.True(string.Join(':', lowers).Length > 4096);
        var container = _w.Container("many");

        var merged = await _w.Mounter.MountAsync(container, lowers, Ct);
        Assert.Equal("0", File.ReadAllText(Path.Combine(merged, "f0")));
        Assert.Equal("59", File.ReadAllText(Path.Combine(merged, "f59")));
        await _w.Mounter.UnmountAsync(container, Ct);
    }

    [RootFact]
    public async Task A_busy_mount_is_detached()
    {
        var container = _w.Container("busy");
        var merged = await _w.Mounter.MountAsync(container, [_w.Layer("only", ("file", "x"))], Ct);
        // An open directory handle keeps the mount busy; detaching still succeeds.
        using var handle = File.OpenHandle(Path.Combine(merged, "file"));
        await _w.Mounter.UnmountAsync(container, Ct);
        Assert.False(OverlayRootfsMounter.IsMounted(merged));
    }

    [RootFact]
    public async Task A_read_only_view_shows_what_the_container_changed_writes_nothing_and_goes_away()
    {
        var bottom = _w.Layer("ro-bottom", ("etc/os", "bottom"), ("etc/gone", "g"));
        var container = _w.Container("ro");
        var merged = await _w.Mounter.MountAsync(container, [bottom], Ct);
        File.WriteAllText(Path.Combine(merged, "etc/os"), "changed");
        File.Delete(Path.Combine(merged, "etc/gone"));

        // While the container's own mount is there (a running container) and after it went (a stopped one).
        foreach (var unmountFirst in new[] { false, true })
        {
            if (unmountFirst) await _w.Mounter.UnmountAsync(container, Ct);
            var view = await _w.Mounter.MountReadOnlyAsync(container, [bottom], Ct);
            Assert.NotEqual(merged, view);
            Assert.True(OverlayRootfsMounter.IsMounted(view));
            Assert.Equal("changed", File.ReadAllText(Path.Combine(view, "etc/os")));
            Assert.False(File.Exists(Path.Combine(view, "etc/gone"))); // the whiteout hides it
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(view, "etc/new"), "x"));
            await _w.Mounter.UnmountReadOnlyAsync(view, Ct);
            Assert.False(OverlayRootfsMounter.IsMounted(view));
            Assert.False(Directory.Exists(view));
        }
        Assert.Equal("bottom", File.ReadAllText(Path.Combine(bottom, "etc/os")));
    }

    [RootFact]
    public async Task A_read_only_view_of_an_image_without_layers_and_a_container_never_started()
    {
        var container = _w.Container("bare");
        var view = await _w.Mounter.MountReadOnlyAsync(container, [], Ct);
        Assert.Empty(Directory.EnumerateFileSystemEntries(view));
        await _w.Mounter.UnmountReadOnlyAsync(view, Ct);
        Assert.False(Directory.Exists(view));
    }
}
