using System.Runtime.CompilerServices;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Images;
using Wharf.Engine.Processes;

namespace Wharf.Engine.Containers.Observe;

/// <summary>
/// <see cref="IContainerObserver"/> over the container store and three ports: the cgroup reader (pids, usage), the
/// process runner (the host's <c>ps</c>) and the rootfs mounter (a read-only view for export). It changes no container.
/// </summary>
public sealed class ContainerObserver : IContainerObserver
{
    /// <summary>dockerd's sampling period for stats.</summary>
    public static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(1);

    static readonly TimeSpan PsTimeout = TimeSpan.FromSeconds(30);

    readonly ContainerService _containers;
    readonly IImageService _images;
    readonly ICgroupStatsReader _cgroups;
    readonly IProcessRunner _processes;
    readonly IRootfsMounter _rootfs;
    readonly TimeProvider _time;

    public ContainerObserver(ContainerService containers, IImageService images, ICgroupStatsReader cgroups, IProcessRunner processes,
                             IRootfsMounter rootfs, TimeProvider time)
    {
        _containers = containers;
        _images = images;
        _cgroups = cgroups;
        _processes = processes;
        _rootfs = rootfs;
        _time = time;
    }

    public async Task<ContainerTop> TopAsync(string name, string? psArgs, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(psArgs)) psArgs = PsOutput.DefaultArgs;
        PsOutput.Validate(psArgs);
        var c = _containers.Store.Resolve(name);
        if (c.State.Status == ContainerStatus.Restarting) throw ContainerErrors.Restarting(c.Id);
        if (!c.State.IsRunning) throw ContainerErrors.NotRunning(c.Id);

        var pids = await _cgroups.ReadPidsAsync(ContainerService.CgroupsPath(c.Id), ct);
        var args = PsOutput.Split(psArgs);
        var result = await RunPsAsync([.. args, PsOutput.PidsArgument(pids)], ct);
        if (!result.Succeeded)
        {
            // Some options (f) cannot be combined with -q: ps lists everything and the rows are filtered anyway.
            result = await RunPsAsync(args, ct);
            if (!result.Succeeded)
            {
                var line = result.StandardError.Split('\n', 2)[0];
                throw new EngineException(ErrorKind.Internal, "ps: " + (line.Length > 0 ? line : $"exit status {result.ExitCode}"));
            }
        }
        var top = PsOutput.Parse(result.StandardOutput, pids.ToHashSet());
        _containers.Publish(c, "top");
        return top;
    }

    Task<ProcessResult> RunPsAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        _processes.RunAsync(new ProcessSpec("ps", args) { Timeout = PsTimeout }, ct);

    public Task<ContainerStatsFeed> StatsAsync(string name, StatsRequest request, CancellationToken ct)
    {
        var c = _containers.Store.Resolve(name);
        return Task.FromResult(new ContainerStatsFeed(c.Id, c.Name, SamplesAsync(c.Id, request, ct)));
    }

    async IAsyncEnumerable<StatsSample> SamplesAsync(ContainerId id, StatsRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var current = await ReadAsync(id, ct);
        if (current is null)
        {
            // Not running: dockerd answers with a sample that has only the name and the id.
            yield return new StatsSample(null, null);
            yield break;
        }
        if (!request.Stream && request.OneShot)
        {
            yield return new StatsSample(current, null);
            yield break;
        }
        if (request.Stream) yield return new StatsSample(current, null);
        while (true)
        {
            await Task.Delay(StatsInterval, _time, ct);
            var next = await ReadAsync(id, ct);
            if (next is null)
            {
                // Stopped between the samples: a single answer is the not-running one; a stream ends.
                if (!request.Stream) yield return new StatsSample(null, null);
                yield break;
            }
            yield return new StatsSample(next, current);
            if (!request.Stream) yield break;
            current = next;
        }
    }

    async ValueTask<CgroupStats?> ReadAsync(ContainerId id, CancellationToken ct)
    {
        var record = _containers.Store.Get(id);
        if (record is null || record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) return null;
        return await _cgroups.ReadAsync(ContainerService.CgroupsPath(id), ct);
    }

    public async Task<ContainerExport> ExportAsync(string name, CancellationToken ct)
    {
        var c = _containers.Store.Resolve(name);
        ContainerExport export;
        if (c.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
        {
            // The running container's own mount: what it sees now, nothing to release.
            export = new ContainerExport(c.Id, Path.Combine(c.Paths.ContainerDir, "merged"), () => ValueTask.CompletedTask);
        }
        else
        {
            var image = await _images.InspectAsync(c.ImageId.ToString(), ct);
            var root = await _rootfs.MountReadOnlyAsync(c.Paths.ContainerDir, ContainerService.LowerDirs(image), ct);
            // Released when the caller is done, even when its request was cancelled.
            export = new ContainerExport(c.Id, root, () => _rootfs.UnmountReadOnlyAsync(root, CancellationToken.None));
        }
        _containers.Publish(c, "export");
        return export;
    }
}
