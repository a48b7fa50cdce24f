using System.Formats.Tar;
using Wharf.Engine.Containers.Rootfs;

namespace Wharf.Testing.Containers;

/// <summary>An <see cref="IRootfsMounter"/> that creates the merged directory and remembers what is mounted.</summary>
public sealed class FakeRootfsMounter : IRootfsMounter
{
    readonly Lock _gate = new();
    readonly Dictionary<string, IReadOnlyList<string>> _mounted = new(StringComparer.Ordinal);

    public List<FileChange> Changes { get; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Mounted
    {
        get
        {
            lock (_gate) return new Dictionary<string, IReadOnlyList<string>>(_mounted);
        }
    }

    public ValueTask<string> MountAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct)
    {
        var merged = Path.Combine(containerDir, "merged");
        Directory.CreateDirectory(merged);
        Directory.CreateDirectory(Path.Combine(containerDir, "diff"));
        lock (_gate) _mounted[containerDir] = lowerDirs;
        return ValueTask.FromResult(merged);
    }

    public ValueTask UnmountAsync(string containerDir, CancellationToken ct)
    {
        lock (_gate) _mounted.Remove(containerDir);
        return ValueTask.CompletedTask;
    }

    /// <summary>Read-only views made and not yet released, by path.</summary>
    public List<string> ReadOnlyMounts { get; } = [];

    /// <summary>Makes an empty directory under the container's; a test fills it with what the export should hold.</summary>
    public ValueTask<string> MountReadOnlyAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct)
    {
        var path = Directory.CreateDirectory(Path.Combine(containerDir, "ro", Guid.NewGuid().ToString("N"))).FullName;
        lock (_gate) ReadOnlyMounts.Add(path);
        return ValueTask.FromResult(path);
    }

    public ValueTask UnmountReadOnlyAsync(string path, CancellationToken ct)
    {
        lock (_gate) ReadOnlyMounts.Remove(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<FileChange>> ChangesAsync(string containerDir, IReadOnlyList<string> lowerDirs, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<FileChange>>([.. Changes]);

    /// <summary>Containers whose writable layer was written, in order.</summary>
    public List<string> DiffsWritten { get; } = [];

    /// <summary>A tar of the files a test put in the container's <c>diff</c> directory (plain files and directories only).</summary>
    public async Task WriteDiffAsync(string containerDir, Stream output, CancellationToken ct)
    {
        lock (_gate) DiffsWritten.Add(containerDir);
        var diff = Path.Combine(containerDir, "diff");
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            if (!Directory.Exists(diff)) return;
            foreach (var path in Directory.EnumerateFileSystemEntries(diff, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                await writer.WriteEntryAsync(path, Path.GetRelativePath(diff, path), ct);
        }
    }
}
