using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>
/// The swagger <c>HostConfig</c> (v1.41), in dockerd's field order. In requests <c>null</c>, <c>[]</c> and <c>{}</c>
/// all mean "empty", so collections are nullable; responses choose null or empty per field as dockerd does.
/// </summary>
public sealed record HostConfig
{
    public List<string>? Binds { get; init; }
    public string ContainerIDFile { get; init; } = "";
    public LogConfig? LogConfig { get; init; }
    public string NetworkMode { get; init; } = "";
    public Dictionary<string, List<PortBinding>?>? PortBindings { get; init; }
    public RestartPolicy? RestartPolicy { get; init; }
    public bool AutoRemove { get; init; }
    public string VolumeDriver { get; init; } = "";
    public List<string>? VolumesFrom { get; init; }
    public List<string>? CapAdd { get; init; }
    public List<string>? CapDrop { get; init; }
    public string CgroupnsMode { get; init; } = "";
    public List<string>? Dns { get; init; }
    public List<string>? DnsOptions { get; init; }
    public List<string>? DnsSearch { get; init; }
    public List<string>? ExtraHosts { get; init; }
    public List<string>? GroupAdd { get; init; }
    public string IpcMode { get; init; } = "";
    public string Cgroup { get; init; } = "";
    public List<string>? Links { get; init; }
    public int OomScoreAdj { get; init; }
    public string PidMode { get; init; } = "";
    public bool Privileged { get; init; }
    public bool PublishAllPorts { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public List<string>? SecurityOpt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? StorageOpt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Tmpfs { get; init; }
    public string UTSMode { get; init; } = "";
    public string UsernsMode { get; init; } = "";
    public long ShmSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Sysctls { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Runtime { get; init; }
    /// <summary>Initial terminal size as <c>[height, width]</c>; <c>[0,0]</c> means unknown.</summary>
    public List<uint>? ConsoleSize { get; init; }
    public string Isolation { get; init; } = "";
    public long CpuShares { get; init; }
    public long Memory { get; init; }
    public long NanoCpus { get; init; }
    public string CgroupParent { get; init; } = "";
    public int BlkioWeight { get; init; }
    public List<WeightDevice>? BlkioWeightDevice { get; init; }
    public List<ThrottleDevice>? BlkioDeviceReadBps { get; init; }
    public List<ThrottleDevice>? BlkioDeviceWriteBps { get; init; }
    public List<ThrottleDevice>? BlkioDeviceReadIOps { get; init; }
    public List<ThrottleDevice>? BlkioDeviceWriteIOps { get; init; }
    public long CpuPeriod { get; init; }
    public long CpuQuota { get; init; }
    public long CpuRealtimePeriod { get; init; }
    public long CpuRealtimeRuntime { get; init; }
    public string CpusetCpus { get; init; } = "";
    public string CpusetMems { get; init; } = "";
    public List<DeviceMapping>? Devices { get; init; }
    public List<string>? DeviceCgroupRules { get; init; }
    public List<DeviceRequest>? DeviceRequests { get; init; }
    public long KernelMemory { get; init; }
    public long KernelMemoryTCP { get; init; }
    public long MemoryReservation { get; init; }
    public long MemorySwap { get; init; }
    /// <summary>-1 (CLI default) and null both mean "unset".</summary>
    public long? MemorySwappiness { get; init; }
    public bool? OomKillDisable { get; init; }
    /// <summary>0 and null mean unlimited in a create request; -1 is unlimited too.</summary>
    public long? PidsLimit { get; init; }
    public List<Ulimit>? Ulimits { get; init; }
    public long CpuCount { get; init; }
    public long CpuPercent { get; init; }
    public long IOMaximumIOps { get; init; }
    public long IOMaximumBandwidth { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<Mount>? Mounts { get; init; }
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Init { get; init; }
}

/// <summary>The swagger <c>RestartPolicy</c>: <c>""</c>/<c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c>.</summary>
public sealed record RestartPolicy
{
    public string Name { get; init; } = "";
    public int MaximumRetryCount { get; init; }
}

/// <summary>The log driver (<c>""</c> = the daemon's default) and its options.</summary>
public sealed record LogConfig
{
    public string Type { get; init; } = "";
    public Dictionary<string, string>? Config { get; init; }
}

/// <summary>One host address/port a container port is published on; empty strings mean "any".</summary>
public sealed record PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}

/// <summary>The swagger <c>DeviceMapping</c> (<c>--device /dev/fuse:/dev/fuse:rwm</c>).</summary>
public sealed record DeviceMapping
{
    public string PathOnHost { get; init; } = "";
    public string PathInContainer { get; init; } = "";
    public string CgroupPermissions { get; init; } = "";
}

/// <summary>The swagger <c>DeviceRequest</c> (<c>--gpus</c>); accepted and refused by the mapping when non-empty.</summary>
public sealed record DeviceRequest
{
    public string Driver { get; init; } = "";
    public int Count { get; init; }
    public List<string>? DeviceIDs { get; init; }
    public List<List<string>>? Capabilities { get; init; }
    public Dictionary<string, string>? Options { get; init; }
}

/// <summary>The swagger <c>ResourcesUlimits</c> item (<c>--ulimit nofile=1024:2048</c>).</summary>
public sealed record Ulimit
{
    public string Name { get; init; } = "";
    public long Soft { get; init; }
    public long Hard { get; init; }
}

/// <summary>A per-device blkio weight.</summary>
public sealed record WeightDevice
{
    public string Path { get; init; } = "";
    public int Weight { get; init; }
}

/// <summary>A per-device blkio rate limit.</summary>
public sealed record ThrottleDevice
{
    public string Path { get; init; } = "";
    public long Rate { get; init; }
}
