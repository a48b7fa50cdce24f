using System.Globalization;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Images;
using Wharf.Engine.Processes;
using Wharf.Engine.Volumes;

namespace Wharf.Engine.Containers.Archive;

/// <summary>
/// <see cref="IContainerArchive"/>. A running (or paused) container's root is its init's <c>/proc/PID/root</c>: the
/// container's own view, volumes and bind mounts included. A container that is not running has its overlay mounted
/// read-write for the call, under its lock (so it cannot start meanwhile), with its volumes and bind mounts bound under
/// it as at start, and all of it unmounted however the call ends.
/// </summary>
public sealed class ContainerArchive : IContainerArchive
{
    static readonly TimeSpan StatTimeout = TimeSpan.FromSeconds(30);

    readonly ContainerService _containers;
    readonly IImageService _images;
    readonly IRootfsMounter _rootfs;
    readonly IProcessRunner _processes;
    readonly IContainerVolumes _volumes;
    readonly StoppedContainerMounts _stoppedMounts;

    public ContainerArchive(ContainerService containers, IImageService images, IRootfsMounter rootfs, IProcessRunner processes,
        IContainerVolumes volumes, IVolumeHost volumeHost)
    {
        _containers = containers;
        _images = images;
        _rootfs = rootfs;
        _processes = processes;
        _volumes = volumes;
        _stoppedMounts = new StoppedContainerMounts(volumes, volumeHost);
    }

    public async Task<PathStat> StatAsync(string name, string path, CancellationToken ct)
    {
        await using var root = await OpenAsync(name, ct);
        return (await StatCoreAsync(root, name, path, ct)).Stat;
    }

    public async Task<ContainerPathArchive> GetAsync(string name, string path, CancellationToken ct)
    {
        var root = await OpenAsync(name, ct);
        try
        {
            var (stat, hostPath) = await StatCoreAsync(root, name, path, ct);
            return new ContainerPathArchive(stat, root, hostPath);
        }
        catch
        {
            await root.DisposeAsync();
            throw;
        }
    }

    public async Task PutAsync(string name, string path, ExtractOptions options, Stream tar, CancellationToken ct)
    {
        await using var root = await OpenAsync(name, ct);
        var destination = ScopedPath.Resolve(Absolute(path), ScopedPath.LinkReader(root.Path), followFinal: true);
        // As dockerd: a path in a volume or bind mount is writable unless that mount is read-only, whatever the rootfs is.
        if (StoppedContainerMounts.Holding(root.Mounts, destination) is { } mount)
        {
            if (!mount.ReadWrite) throw ArchiveErrors.ReadOnlyVolume();
        }
        else if (root.Record.Spec.Host.ReadonlyRootfs)
        {
            throw ArchiveErrors.ReadOnlyRootfs();
        }
        var hostPath = ScopedPath.HostPath(root.Path, destination);
        if (!Directory.Exists(hostPath))
        {
            if (File.Exists(hostPath)) throw ArchiveErrors.NotADirectory();
            throw ArchiveErrors.NotFound(path, name);
        }
        // A container engine that runs containers runs on Linux; the BCL's mode calls are refused only on Windows.
        if (OperatingSystem.IsWindows()) throw EngineException.NotImplemented("copying into a container needs Linux");
        await new ArchiveExtractor(root.Path, destination, options, _processes).ExtractAsync(tar, ct);
    }

    async Task<(PathStat Stat, string HostPath)> StatCoreAsync(ContainerRoot root, string name, string path, CancellationToken ct)
    {
        var absolute = Absolute(path);
        var reader = ScopedPath.LinkReader(root.Path);
        var resolved = ScopedPath.Resolve(absolute, reader, followFinal: false);
        var hostPath = ScopedPath.HostPath(root.Path, resolved);
        var result = await _processes.RunAsync(new ProcessSpec("stat", ["--printf=%f|%s|%.9Y", "--", hostPath]) { Timeout = StatTimeout }, ct);
        if (!result.Succeeded)
        {
            if (result.StandardError.Contains("No such file", StringComparison.Ordinal)) throw ArchiveErrors.NotFound(path, name);
            throw new EngineException(ErrorKind.Internal, "stat " + path + ": " + result.StandardError.Trim());
        }
        var stat = ParseStat(result.StandardOutput, ScopedPath.Base(absolute), "");
        if (stat.IsSymlink) stat = stat with { LinkTarget = ScopedPath.Resolve(absolute, reader, followFinal: true) };
        return (stat, hostPath);
    }

    /// <summary>Parses <c>stat --printf=%f|%s|%.9Y</c>: raw mode in hex, size, mtime in seconds with nanoseconds.</summary>
    internal static PathStat ParseStat(string output, string name, string linkTarget)
    {
        var fields = output.Trim().Split('|');
        if (fields.Length != 3) throw new EngineException(ErrorKind.Internal, "unexpected stat output: " + output);
        var mode = uint.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var size = long.Parse(fields[1], CultureInfo.InvariantCulture);
        var seconds = fields[2].Split('.');
        var mtime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(seconds[0], CultureInfo.InvariantCulture));
        if (seconds.Length == 2)
        {
            var nanos = long.Parse(seconds[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
            mtime = mtime.AddTicks(nanos / 100);
        }
        return new PathStat(name, size, GoFileMode.FromUnix(mode), mtime, linkTarget);
    }

    /// <summary>dockerd joins the path to <c>/</c>, keeping a trailing <c>/</c> or <c>/.</c>, which matter.</summary>
    static string Absolute(string path) => path.StartsWith('/') ? path : "/" + path;

    async Task<ContainerRoot> OpenAsync(string name, CancellationToken ct)
    {
        var (record, _, held) = await _containers.LockAsync(name, ct);
        try
        {
            IReadOnlyList<ContainerMount> mounts = [.. (await _volumes.MountsOfAsync(record.Id.Value, ct)).Concat(VolumeSpecParser.HostBinds(record.Spec.Host))];
            if (record.State.Status is ContainerStatus.Running or ContainerStatus.Paused && record.State.Pid > 0)
            {
                held.Dispose();
                return new ContainerRoot(record, $"/proc/{record.State.Pid.ToString(CultureInfo.InvariantCulture)}/root", mounts, () => ValueTask.CompletedTask);
            }
            var image = await _images.InspectAsync(record.ImageId.ToString(), ct);
            var dir = record.Paths.ContainerDir;
            var merged = await _rootfs.MountAsync(dir, ContainerService.LowerDirs(image), ct);
            Func<ValueTask> unbind;
            try
            {
                unbind = await _stoppedMounts.MountAsync(record, merged, mounts, ct);
            }
            catch
            {
                await _rootfs.UnmountAsync(dir, CancellationToken.None);
                throw;
            }
            return new ContainerRoot(record, merged, mounts, async () =>
            {
                try
                {
                    await unbind();
                }
                finally
                {
                    try
                    {
                        await _rootfs.UnmountAsync(dir, CancellationToken.None);
                    }
                    finally
                    {
                        held.Dispose();
                    }
                }
            });
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}
