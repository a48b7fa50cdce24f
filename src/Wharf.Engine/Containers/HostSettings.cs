using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>
/// How a container is run on the host (the domain form of the API's <c>HostConfig</c>), validated and with
/// Docker's defaults applied by the server's mapping. Fields Wharf does not act on yet are not here.
/// </summary>
public sealed record HostSettings
{
    /// <summary><c>/host:/container[:ro|rw][,…]</c> strings, as the API sends them.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    /// <summary><c>container[:ro|rw]</c>: mount every volume and bind of those containers too.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
    /// <summary><c>/path</c> to tmpfs options (<c>size=64m,mode=1777</c>).</summary>
    public IReadOnlyDictionary<string, string> Tmpfs { get; init; } = new Dictionary<string, string>();
    /// <summary><c>bridge</c> (the default), <c>none</c>, <c>host</c>, a network name, or <c>container:&lt;name|id&gt;</c>.</summary>
    public string NetworkMode { get; init; } = "bridge";
    /// <summary>Published ports by container port (<c>80/tcp</c>), each with its host address and port (0: any free one).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HostPortBinding>> PortBindings { get; init; } = new Dictionary<string, IReadOnlyList<HostPortBinding>>();
    /// <summary>Publish every exposed port on a free host port (<c>-P</c>).</summary>
    public bool PublishAllPorts { get; init; }
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.No;
    public bool AutoRemove { get; init; }
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public bool Privileged { get; init; }
    public bool ReadonlyRootfs { get; init; }
    /// <summary>Raw <c>SecurityOpt</c> entries: <c>no-new-privileges[:true]</c>, <c>seccomp=unconfined|&lt;json&gt;</c>, <c>label=…</c>.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    /// <summary><c>name:ip</c> entries added to the container's <c>/etc/hosts</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    public IReadOnlyList<string> GroupAdd { get; init; } = [];
    /// <summary>Empty, <c>private</c>, <c>shareable</c>, <c>host</c>, <c>none</c> or <c>container:…</c>.</summary>
    public string IpcMode { get; init; } = "";
    /// <summary>Empty (private), <c>host</c> or <c>container:…</c>.</summary>
    public string PidMode { get; init; } = "";
    /// <summary>Empty (private) or <c>host</c>.</summary>
    public string UtsMode { get; init; } = "";
    /// <summary>Size of <c>/dev/shm</c> in bytes; 0 = Docker's 64 MiB.</summary>
    public long ShmSize { get; init; }
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();
    /// <summary>The OCI runtime's name; null = the daemon's default.</summary>
    public string? Runtime { get; init; }
    /// <summary>Run an init process (tini/catatonit) as pid 1; null = the daemon's default (off).</summary>
    public bool? Init { get; init; }
    public ResourceLimits Resources { get; init; } = new();
    public LogSettings Log { get; init; } = new();
    public int OomScoreAdj { get; init; }
    /// <summary>Initial terminal size (height, width) for TTY containers; null when not given.</summary>
    public (ushort Height, ushort Width)? ConsoleSize { get; init; }
}

/// <summary>One entry of <c>HostConfig.Mounts</c>: bind, tmpfs or volume.</summary>
public sealed record MountSpec
{
    /// <summary><c>bind</c>, <c>tmpfs</c> or <c>volume</c>.</summary>
    public required string Type { get; init; }
    public string Source { get; init; } = "";
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>Bind propagation (<c>rprivate</c> by default), from BindOptions.</summary>
    public string? Propagation { get; init; }
    public long TmpfsSize { get; init; }
    public int? TmpfsMode { get; init; }
    /// <summary>Volume mounts: do not fill a new volume from the image (VolumeOptions.NoCopy).</summary>
    public bool NoCopy { get; init; }
    /// <summary>Volume mounts: labels of a volume created for this mount.</summary>
    public IReadOnlyDictionary<string, string>? VolumeLabels { get; init; }
    /// <summary>Volume mounts: the driver (empty = local) and its options for a volume created for this mount.</summary>
    public string VolumeDriver { get; init; } = "";
    public IReadOnlyDictionary<string, string>? VolumeDriverOptions { get; init; }
}

/// <summary>When a container is restarted after it exits: <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> (with a retry cap; 0 = unlimited).</summary>
public sealed record RestartPolicy(string Name, int MaximumRetryCount = 0)
{
    public static RestartPolicy No { get; } = new("no");

    /// <summary>Checks the policy with dockerd's texts; returns it, with an empty name read as <c>no</c>.</summary>
    public RestartPolicy Validate()
    {
        switch (Name)
        {
            case "" or "no" or "always" or "unless-stopped":
                if (MaximumRetryCount != 0)
                    throw EngineException.Invalid($"maximum retry count cannot be used with restart policy '{Name}'");
                return Name.Length == 0 ? No : this;
            case "on-failure":
                if (MaximumRetryCount < 0) throw EngineException.Invalid("maximum retry count cannot be negative");
                return this;
            default:
                throw EngineException.Invalid($"invalid restart policy '{Name}'");
        }
    }

    /// <summary>A container removed when it exits cannot also be restarted when it exits.</summary>
    public void CheckAutoRemove(bool autoRemove)
    {
        if (autoRemove && Name is not ("" or "no"))
            throw EngineException.Invalid("can't create 'AutoRemove' container with restart policy");
    }
}

/// <summary>Cgroup limits and process limits of a container; 0 or null = no limit.</summary>
public sealed record ResourceLimits
{
    public long Memory { get; init; }
    /// <summary>Memory + swap; -1 = unlimited swap; 0 = Docker's default (twice the memory limit).</summary>
    public long MemorySwap { get; init; }
    public long MemoryReservation { get; init; }
    public long? MemorySwappiness { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public long CpuPeriod { get; init; }
    public long CpuQuota { get; init; }
    public string CpusetCpus { get; init; } = "";
    public string CpusetMems { get; init; } = "";
    public long? PidsLimit { get; init; }
    public int BlkioWeight { get; init; }
    public bool? OomKillDisable { get; init; }
    public IReadOnlyList<Ulimit> Ulimits { get; init; } = [];
    public IReadOnlyList<DeviceMapping> Devices { get; init; } = [];
}

/// <summary>A process limit such as <c>nofile=1024:2048</c>.</summary>
public sealed record Ulimit(string Name, long Soft, long Hard);

/// <summary>A host device made available inside the container, with cgroup permissions such as <c>rwm</c>.</summary>
public sealed record DeviceMapping(string PathOnHost, string PathInContainer, string CgroupPermissions);

/// <summary>The log driver and its options; Wharf keeps <c>k8s-file</c> logs and honours <c>max-size</c> and <c>max-file</c>.</summary>
public sealed record LogSettings
{
    public string Type { get; init; } = "";
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>Everything needed to create a container: its name, its configuration (the image's run defaults shape) and host settings.</summary>
public sealed record ContainerCreateSpec
{
    /// <summary>Null lets the engine pick a Docker-style random name.</summary>
    public string? Name { get; init; }
    /// <summary>The image as the user named it (<c>busybox</c>, an id…); resolved by the engine.</summary>
    public required string Image { get; init; }
    public required RunConfig Config { get; init; }
    public HostSettings Host { get; init; } = new();
    /// <summary>Per-network endpoint settings (aliases, static addresses) keyed by network name; used by the networks issue.</summary>
    public IReadOnlyDictionary<string, EndpointSettings> Networks { get; init; } = new Dictionary<string, EndpointSettings>();
}

/// <summary>One host side of a published port, as the API gives it: an empty address means every one, an empty port a free one.</summary>
public sealed record HostPortBinding(string HostIp, string HostPort);

/// <summary>A container's wish for one network: aliases and a static IPv4 address.</summary>
public sealed record EndpointSettings(IReadOnlyList<string> Aliases, string? IPv4Address);
