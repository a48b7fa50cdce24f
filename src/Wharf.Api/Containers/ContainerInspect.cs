using System.Text.Json.Serialization;
using Wharf.Api.Common;
using Wharf.Api.Images;

namespace Wharf.Api.Containers;

/// <summary>The body of <c>GET /containers/{name}/json</c>, in dockerd's field order.</summary>
public sealed record ContainerInspect
{
    public required string Id { get; init; }
    /// <summary>RFC 3339 with nanoseconds.</summary>
    public required string Created { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required ContainerState State { get; init; }
    /// <summary>The image id (<c>sha256:…</c>).</summary>
    public required string Image { get; init; }
    public string ResolvConfPath { get; init; } = "";
    public string HostnamePath { get; init; } = "";
    public string HostsPath { get; init; } = "";
    public string LogPath { get; init; } = "";
    /// <summary>The name with its leading <c>/</c>.</summary>
    public required string Name { get; init; }
    public int RestartCount { get; init; }
    public string Driver { get; init; } = "";
    public string Platform { get; init; } = "linux";
    public string MountLabel { get; init; } = "";
    public string ProcessLabel { get; init; } = "";
    public string AppArmorProfile { get; init; } = "";
    /// <summary>Null when the container has no exec instances, as dockerd sends it.</summary>
    public IReadOnlyList<string>? ExecIDs { get; init; }
    public required HostConfig HostConfig { get; init; }
    public required GraphDriverData GraphDriver { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRw { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRootFs { get; init; }
    public IReadOnlyList<MountPoint> Mounts { get; init; } = [];
    public required ContainerConfig Config { get; init; }
    public required NetworkSettings NetworkSettings { get; init; }
}

/// <summary>The swagger <c>ContainerState</c>; unset times are <c>0001-01-01T00:00:00Z</c>.</summary>
public sealed record ContainerState
{
    public required string Status { get; init; }
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public required string StartedAt { get; init; }
    public required string FinishedAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ContainerHealth? Health { get; init; }
}

/// <summary>The swagger <c>Health</c>: <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>, with the last probes.</summary>
public sealed record ContainerHealth
{
    public required string Status { get; init; }
    public int FailingStreak { get; init; }
    public IReadOnlyList<HealthcheckResult> Log { get; init; } = [];
}

/// <summary>One health probe: RFC 3339 start and end, exit code, captured output.</summary>
public sealed record HealthcheckResult(string Start, string End, int ExitCode, string Output);

/// <summary>
/// The v1.41 <c>NetworkSettings</c> of container inspect: the legacy top-level fields mirror the bridge endpoint
/// (empty strings for none/host), <c>Ports</c> maps <c>80/tcp</c> to bindings or null (exposed only), and
/// <c>Networks</c> is <c>{}</c> rather than null when the container has none.
/// </summary>
public sealed record NetworkSettings
{
    public string Bridge { get; init; } = "";
    public string SandboxID { get; init; } = "";
    public bool HairpinMode { get; init; }
    public string LinkLocalIPv6Address { get; init; } = "";
    public int LinkLocalIPv6PrefixLen { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?> Ports { get; init; } = new Dictionary<string, IReadOnlyList<PortBinding>?>();
    public string SandboxKey { get; init; } = "";
    public IReadOnlyList<Address>? SecondaryIPAddresses { get; init; }
    public IReadOnlyList<Address>? SecondaryIPv6Addresses { get; init; }
    public string EndpointID { get; init; } = "";
    public string Gateway { get; init; } = "";
    public string GlobalIPv6Address { get; init; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string IPv6Gateway { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public IReadOnlyDictionary<string, EndpointSettings> Networks { get; init; } = new Dictionary<string, EndpointSettings>();
}

/// <summary>A secondary address with its prefix length.</summary>
public sealed record Address(string Addr, int PrefixLen);
