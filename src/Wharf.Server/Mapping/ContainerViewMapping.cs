using Wharf.Api.Containers;
using Wharf.Api.Images;
using Wharf.Engine.Containers;
using Wharf.Engine.Formats;
using WireState = Wharf.Api.Containers.ContainerState;
using WireEndpoint = Wharf.Api.Containers.EndpointSettings;
using DeviceMapping = Wharf.Api.Containers.DeviceMapping;
using RestartPolicy = Wharf.Api.Containers.RestartPolicy;
using Ulimit = Wharf.Api.Containers.Ulimit;

namespace Wharf.Server.Mapping;

/// <summary>Containers: engine views -> the wire's summary, inspect, prune and wait bodies.</summary>
internal static class ContainerViewMapping
{
    public static ContainerSummary ToSummary(ContainerSummaryView view)
    {
        var c = view.Container;
        return new ContainerSummary
        {
            Id = c.Id.Value,
            Names = ["/" + c.Name],
            Image = c.ImageName,
            ImageID = c.ImageId.ToString(),
            Command = Command(c),
            Created = c.Created.ToUnixTimeSeconds(),
            // Go's omitempty: a container that wrote nothing has no SizeRw at all.
            SizeRw = view.SizeRw is 0 ? null : view.SizeRw,
            SizeRootFs = view.SizeRootFs is 0 ? null : view.SizeRootFs,
            Labels = GoMaps.Sorted(c.Labels),
            State = ContainerStatusText.StateName(c.State.Status),
            Status = view.StatusText,
            HostConfig = new ContainerSummaryHostConfig(c.Spec.Host.NetworkMode),
            Ports = ContainerNetworkMapping.SummaryPorts(c),
            NetworkSettings = new ContainerSummaryNetworkSettings(ContainerNetworkMapping.Networks(c)),
        };
    }

    /// <summary><c>docker top</c>: no matching row is Go's nil slice, <c>null</c>.</summary>
    public static ContainerTopResponse ToTop(Wharf.Engine.Containers.Observe.ContainerTop top) =>
        new(top.Titles, top.Processes.Count == 0 ? null : top.Processes);

    public static ContainerSummary[] ToSummaries(IReadOnlyList<ContainerSummaryView> views) => [.. views.Select(ToSummary)];

    public static ContainerInspect ToInspect(ContainerInspectView view)
    {
        var c = view.Container;
        // A container's labels are {} when it has none (the CLI always sends them), unlike an image's null.
        var config = ImageMapping.ToContainerConfig(c.Spec.Config) with { Image = c.ImageName };
        config = config with { Labels = config.Labels ?? [] };
        return new ContainerInspect
        {
            Id = c.Id.Value,
            Created = GoTime.Rfc3339Nano(c.Created),
            Path = view.Path,
            Args = view.Args,
            State = ToState(c.State),
            Image = c.ImageId.ToString(),
            ResolvConfPath = view.ResolvConfPath,
            HostnamePath = view.HostnamePath,
            HostsPath = view.HostsPath,
            LogPath = c.Paths.LogPath,
            Name = "/" + c.Name,
            RestartCount = c.State.RestartCount,
            Driver = "overlay2",
            ExecIDs = view.ExecIds.Count == 0 ? null : view.ExecIds,
            HostConfig = ToHostConfig(c.Spec.Host) with
            {
                MaskedPaths = view.MaskedPaths is null ? null : [.. view.MaskedPaths],
                ReadonlyPaths = view.ReadonlyPaths is null ? null : [.. view.ReadonlyPaths],
            },
            GraphDriver = new GraphDriverData("overlay2", view.GraphDriverData),
            SizeRw = view.SizeRw,
            SizeRootFs = view.SizeRootFs,
            Mounts = [.. c.Spec.Host.Mounts.Where(m => m.Type != "volume").Select(ToMountPoint), .. view.Mounts.Select(VolumeMapping.ToMountPoint)],
            Config = config,
            NetworkSettings = ContainerNetworkMapping.ToNetworkSettings(c),
        };
    }

    public static WireState ToState(Wharf.Engine.Containers.ContainerState s) => new()
    {
        Status = ContainerStatusText.StateName(s.Status),
        Running = s.Status is ContainerStatus.Running or ContainerStatus.Paused,
        Paused = s.Status == ContainerStatus.Paused,
        Restarting = s.Status == ContainerStatus.Restarting,
        OOMKilled = s.OomKilled,
        Dead = s.Status == ContainerStatus.Dead,
        Pid = s.IsRunning ? s.Pid : 0,
        ExitCode = s.ExitCode,
        Error = s.Error,
        StartedAt = GoTime.Rfc3339NanoOrZero(s.StartedAt),
        FinishedAt = GoTime.Rfc3339NanoOrZero(s.FinishedAt),
        Health = s.Health is { } h
            ? new ContainerHealth
            {
                Status = h.Status,
                FailingStreak = h.FailingStreak,
                Log = [.. h.Log.Select(p => new HealthcheckResult(GoTime.Rfc3339Nano(p.Start), GoTime.Rfc3339Nano(p.End), p.ExitCode, p.Output))],
            }
            : null,
    };

    /// <summary>The settings Wharf keeps, in the wire shape; fields it does not keep show their zero values as dockerd's do when unset.</summary>
    public static HostConfig ToHostConfig(HostSettings h) => new()
    {
        Binds = h.Binds.Count == 0 ? null : [.. h.Binds],
        VolumesFrom = h.VolumesFrom.Count == 0 ? null : [.. h.VolumesFrom],
        LogConfig = new LogConfig { Type = h.Log.Type.Length == 0 ? "json-file" : h.Log.Type, Config = h.Log.Options.ToDictionary() },
        NetworkMode = h.NetworkMode,
        PortBindings = ContainerNetworkMapping.ToWire(h.PortBindings),
        PublishAllPorts = h.PublishAllPorts,
        RestartPolicy = new RestartPolicy { Name = h.RestartPolicy.Name, MaximumRetryCount = h.RestartPolicy.MaximumRetryCount },
        AutoRemove = h.AutoRemove,
        CapAdd = h.CapAdd.Count == 0 ? null : [.. h.CapAdd],
        CapDrop = h.CapDrop.Count == 0 ? null : [.. h.CapDrop],
        CgroupnsMode = "host",
        Dns = [.. h.Dns],
        DnsOptions = [.. h.DnsOptions],
        DnsSearch = [.. h.DnsSearch],
        ExtraHosts = h.ExtraHosts.Count == 0 ? null : [.. h.ExtraHosts],
        GroupAdd = h.GroupAdd.Count == 0 ? null : [.. h.GroupAdd],
        IpcMode = h.IpcMode.Length == 0 ? "private" : h.IpcMode,
        OomScoreAdj = h.OomScoreAdj,
        PidMode = h.PidMode,
        Privileged = h.Privileged,
        ReadonlyRootfs = h.ReadonlyRootfs,
        SecurityOpt = h.SecurityOpt.Count == 0 ? null : [.. h.SecurityOpt],
        Tmpfs = h.Tmpfs.Count == 0 ? null : h.Tmpfs.ToDictionary(),
        UTSMode = h.UtsMode,
        ShmSize = h.ShmSize == 0 ? 64 * 1024 * 1024 : h.ShmSize,
        Sysctls = h.Sysctls.Count == 0 ? null : h.Sysctls.ToDictionary(),
        Runtime = h.Runtime ?? "runc",
        ConsoleSize = h.ConsoleSize is { } size ? [size.Height, size.Width] : [0, 0],
        CpuShares = h.Resources.CpuShares,
        Memory = h.Resources.Memory,
        NanoCpus = h.Resources.NanoCpus,
        BlkioWeight = h.Resources.BlkioWeight,
        CpuPeriod = h.Resources.CpuPeriod,
        CpuQuota = h.Resources.CpuQuota,
        CpusetCpus = h.Resources.CpusetCpus,
        CpusetMems = h.Resources.CpusetMems,
        Devices = [.. h.Resources.Devices.Select(d => new DeviceMapping { PathOnHost = d.PathOnHost, PathInContainer = d.PathInContainer, CgroupPermissions = d.CgroupPermissions })],
        MemoryReservation = h.Resources.MemoryReservation,
        MemorySwap = h.Resources.MemorySwap,
        MemorySwappiness = h.Resources.MemorySwappiness,
        OomKillDisable = h.Resources.OomKillDisable ?? false,
        PidsLimit = h.Resources.PidsLimit,
        // The docker CLI sends these lists empty, and dockerd echoes them: [] rather than null.
        Ulimits = [.. h.Resources.Ulimits.Select(u => new Ulimit { Name = u.Name, Soft = u.Soft, Hard = u.Hard })],
        BlkioWeightDevice = [],
        BlkioDeviceReadBps = [],
        BlkioDeviceWriteBps = [],
        BlkioDeviceReadIOps = [],
        BlkioDeviceWriteIOps = [],
        Init = h.Init,
    };

    public static ContainerPruneResponse ToPruneResponse(ContainerPruneResult result) =>
        new(result.Deleted.Count == 0 ? null : [.. result.Deleted.Select(d => d.Value)], result.SpaceReclaimed);

    /// <summary><c>docker diff</c>: Kind 0 modified, 1 added, 2 deleted, as the engine's enum numbers them.</summary>
    public static ContainerChangeResponseItem[] ToChanges(IReadOnlyList<Wharf.Engine.Containers.Rootfs.FileChange> changes) =>
        [.. changes.Select(c => new ContainerChangeResponseItem(c.Path, (int)c.Kind))];

    /// <summary>
    /// <c>POST /containers/{id}/update</c>: null and 0 both mean "unchanged" (the engine keeps a field unless the new value
    /// is non-zero); no resource field at all leaves the resources alone.
    /// </summary>
    public static ContainerUpdate ToUpdate(ContainerUpdateRequest body)
    {
        var resources = new ResourceLimits
        {
            Memory = body.Memory ?? 0,
            MemorySwap = body.MemorySwap ?? 0,
            MemoryReservation = body.MemoryReservation ?? 0,
            NanoCpus = body.NanoCpus ?? 0,
            CpuShares = body.CpuShares ?? 0,
            CpuPeriod = body.CpuPeriod ?? 0,
            CpuQuota = body.CpuQuota ?? 0,
            CpusetCpus = body.CpusetCpus ?? "",
            CpusetMems = body.CpusetMems ?? "",
            PidsLimit = body.PidsLimit is null or 0 ? null : body.PidsLimit,
            BlkioWeight = body.BlkioWeight ?? 0,
        };
        return new ContainerUpdate(
            resources == new ResourceLimits() ? null : resources,
            body.RestartPolicy is null ? null : ContainerCreateMapping.ToRestartPolicy(body.RestartPolicy));
    }

    public static ContainerWaitResponse ToWaitResponse(WaitResult result) => new()
    {
        StatusCode = result.ExitCode,
        Error = result.Error is null ? null : new ContainerWaitExitError(result.Error),
    };

    static MountPoint ToMountPoint(MountSpec m) => new()
    {
        Type = m.Type,
        Source = m.Source,
        Destination = m.Target,
        Mode = "",
        RW = !m.ReadOnly,
        Propagation = m.Type == "bind" ? m.Propagation ?? "rprivate" : "",
    };

    /// <summary>dockerd's summary <c>Command</c>: the entrypoint and cmd as a shell would read them back.</summary>
    static string Command(ContainerRecord c) => ShellQuote.Join((c.Spec.Config.Entrypoint ?? []).Concat(c.Spec.Config.Cmd ?? []));
}
