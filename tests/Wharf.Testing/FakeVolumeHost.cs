using System.Collections.Concurrent;
using Wharf.Engine;
using Wharf.Engine.Volumes;

namespace Wharf.Testing;

/// <summary>An <see cref="IVolumeHost"/> that records mounts and copies files without owners or xattrs; <see cref="FailMount"/> makes mounts fail.</summary>
public sealed class FakeVolumeHost : IVolumeHost
{
    public ConcurrentDictionary<string, string> Mounted { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<string> Calls { get; } = new();
    public string? FailMount { get; set; }

    public Task MountAsync(string type, string device, string options, string target, CancellationToken ct)
    {
        Calls.Enqueue($"mount {type} {device} {options} {target}");
        if (FailMount is { } failure) throw new EngineException(ErrorKind.Internal, failure);
        Mounted[target] = $"{type} {device} {options}";
        return Task.CompletedTask;
    }

    public Task UnmountAsync(string target, CancellationToken ct)
    {
        Calls.Enqueue($"umount {target}");
        Mounted.TryRemove(target, out _);
        return Task.CompletedTask;
    }

    public Task CopyUpAsync(string source, string destination, CancellationToken ct)
    {
        Calls.Enqueue($"copy {source} {destination}");
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        return Task.CompletedTask;
    }
}
