using System.Globalization;
using Wharf.Engine.Containers.Logs;
using Wharf.Engine.Containers.Rootfs;
using Wharf.Engine.Filters;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    static readonly string[] ListFilterKeys =
        ["id", "name", "label", "status", "ancestor", "exited", "before", "since", "health", "volume", "network", "publish", "expose", "is-task", "isolation"];

    public async Task<IReadOnlyList<ContainerSummaryView>> ListAsync(ContainerListRequest request, CancellationToken ct)
    {
        var filters = request.Filters;
        filters.Validate(ListFilterKeys);
        var matcher = await ContainerListFilter.CreateAsync(filters, _store, _images, ct);
        var all = request.All || request.Limit > 0 || filters.Contains("status") || filters.Contains("exited");
        var now = _time.GetUtcNow();
        var result = new List<ContainerSummaryView>();
        foreach (var c in _store.All().OrderByDescending(c => c.Created).ThenByDescending(c => c.Id.Value, StringComparer.Ordinal))
        {
            if (!all && c.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)) continue;
            if (!matcher.Matches(c)) continue;
            result.Add(await SummaryAsync(c, request.Size, now, ct));
            if (request.Limit > 0 && result.Count == request.Limit) break;
        }
        return result;
    }

    async Task<ContainerSummaryView> SummaryAsync(ContainerRecord c, bool size, DateTimeOffset now, CancellationToken ct)
    {
        if (!size) return new ContainerSummaryView(c, ContainerStatusText.Describe(c.State, now), null, null);
        var (rw, rootfs) = await SizesAsync(c, ct);
        return new ContainerSummaryView(c, ContainerStatusText.Describe(c.State, now), rw, rootfs);
    }

    async Task<(long Rw, long RootFs)> SizesAsync(ContainerRecord c, CancellationToken ct)
    {
        var rw = DirectorySize(Path.Combine(c.Paths.ContainerDir, "diff"));
        long image = 0;
        try
        {
            image = (await _images.InspectAsync(c.ImageId.ToString(), ct)).Size;
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The image went away (rmi -f): only the writable layer counts.
        }
        return (rw, rw + image);
    }

    public async Task<ContainerInspectView> InspectAsync(string name, bool size, CancellationToken ct)
    {
        var c = _store.Resolve(name);
        var slot = Slot(c.Id);
        var command = new List<string>();
        command.AddRange(c.Spec.Config.Entrypoint ?? []);
        command.AddRange(c.Spec.Config.Cmd ?? []);
        var graph = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MergedDir"] = Path.Combine(c.Paths.ContainerDir, "merged"),
            ["UpperDir"] = Path.Combine(c.Paths.ContainerDir, "diff"),
            ["WorkDir"] = Path.Combine(c.Paths.ContainerDir, "work"),
        };
        try
        {
            var image = await _images.InspectAsync(c.ImageId.ToString(), ct);
            graph["LowerDir"] = string.Join(':', LowerDirs(image));
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            // The image was force-removed; its layers stay while the container uses them, but we no longer know where.
        }
        long? rw = null, rootfs = null;
        if (size) (rw, rootfs) = await SizesAsync(c, ct);
        string[] execIds;
        lock (slot.ExecIds) execIds = [.. slot.ExecIds];
        return new ContainerInspectView
        {
            Container = c,
            Path = command.Count > 0 ? command[0] : "",
            Args = command.Skip(1).ToList(),
            ResolvConfPath = Path.Combine(c.Paths.ContainerDir, "resolv.conf"),
            HostnamePath = Path.Combine(c.Paths.ContainerDir, "hostname"),
            HostsPath = Path.Combine(c.Paths.ContainerDir, "hosts"),
            GraphDriverData = graph,
            ExecIds = execIds,
            Mounts = await _volumes.MountsOfAsync(c.Id.Value, ct),
            SizeRw = rw,
            SizeRootFs = rootfs,
            MaskedPaths = c.Spec.Host.Privileged ? null : Bundles.BundleBuilder.MaskedPaths,
            ReadonlyPaths = c.Spec.Host.Privileged ? null : Bundles.BundleBuilder.ReadonlyPaths,
        };
    }

    public Task<ContainerLogs> LogsAsync(string name, LogRequest request, CancellationToken ct)
    {
        if (!request.Stdout && !request.Stderr) throw EngineException.Invalid("Bad parameters: you must choose at least one stream");
        var c = _store.Resolve(name);
        var reader = new K8sFileLogReader(c.Paths.LogPath, _time, _options.LogPollInterval);
        bool Running() => _store.Get(c.Id)?.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;
        return Task.FromResult(new ContainerLogs(c.Spec.Config.Tty, reader.ReadAsync(request, Running, ct)));
    }

    public async Task<IReadOnlyList<FileChange>> ChangesAsync(string name, CancellationToken ct)
    {
        var c = _store.Resolve(name);
        var image = await _images.InspectAsync(c.ImageId.ToString(), ct);
        return await _rootfs.ChangesAsync(c.Paths.ContainerDir, LowerDirs(image), ct);
    }

    public async Task<IReadOnlyList<ContainerSummaryView>> DiskUsageAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var result = new List<ContainerSummaryView>();
        foreach (var c in _store.All().OrderByDescending(c => c.Created)) result.Add(await SummaryAsync(c, true, now, ct));
        return result;
    }

    public async Task<IReadOnlyList<string>> UpdateAsync(string name, ContainerUpdate update, CancellationToken ct)
    {
        var (record, _, held) = await LockAsync(name, ct);
        using (held)
        {
            var host = record.Spec.Host;
            if (update.RestartPolicy is { } policy)
            {
                if (host.AutoRemove && policy.Name is not ("" or "no"))
                    throw EngineException.Invalid("Restart policy cannot be updated because AutoRemove is enabled for the container");
                ValidateHost(host with { RestartPolicy = policy, AutoRemove = false });
                host = host with { RestartPolicy = policy };
            }
            if (update.Resources is { } resources) host = host with { Resources = MergeResources(host.Resources, resources) };
            if (update.Resources is not null && record.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
                await _runtime.UpdateAsync(record.Id, LinuxResources.ToJson(host.Resources), ct);
            record = record with { Spec = record.Spec with { Host = host } };
            await _store.UpdateAsync(record, ct);
            Publish(record, "update");
            return [];
        }
    }

    /// <summary>dockerd's update: only fields given (non-zero) replace the current ones.</summary>
    static ResourceLimits MergeResources(ResourceLimits current, ResourceLimits update) => current with
    {
        Memory = update.Memory != 0 ? update.Memory : current.Memory,
        MemorySwap = update.MemorySwap != 0 ? update.MemorySwap : current.MemorySwap,
        MemoryReservation = update.MemoryReservation != 0 ? update.MemoryReservation : current.MemoryReservation,
        NanoCpus = update.NanoCpus != 0 ? update.NanoCpus : current.NanoCpus,
        CpuShares = update.CpuShares != 0 ? update.CpuShares : current.CpuShares,
        CpuPeriod = update.CpuPeriod != 0 ? update.CpuPeriod : current.CpuPeriod,
        CpuQuota = update.CpuQuota != 0 ? update.CpuQuota : current.CpuQuota,
        CpusetCpus = update.CpusetCpus.Length > 0 ? update.CpusetCpus : current.CpusetCpus,
        CpusetMems = update.CpusetMems.Length > 0 ? update.CpusetMems : current.CpusetMems,
        PidsLimit = update.PidsLimit ?? current.PidsLimit,
        BlkioWeight = update.BlkioWeight != 0 ? update.BlkioWeight : current.BlkioWeight,
    };

    /// <summary>Exit code text for events and tests.</summary>
    internal static string Code(int exitCode) => exitCode.ToString(CultureInfo.InvariantCulture);
}
