using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary
{
    public required string Id { get; init; }
    /// <summary>Names with their leading <c>/</c>.</summary>
    public required IReadOnlyList<string> Names { get; init; }
    public required string Image { get; init; }
    public required string ImageID { get; init; }
    public required string Command { get; init; }
    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }
    public IReadOnlyList<Port> Ports { get; init; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRw { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? SizeRootFs { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c>, <c>dead</c>.</summary>
    public required string State { get; init; }
    /// <summary>Human text the CLI prints verbatim: <c>Up 2 seconds</c>, <c>Exited (3) 2 minutes ago</c>.</summary>
    public required string Status { get; init; }
    public required ContainerSummaryHostConfig HostConfig { get; init; }
    public required ContainerSummaryNetworkSettings NetworkSettings { get; init; }
    public IReadOnlyList<MountPoint> Mounts { get; init; } = [];
}

/// <summary>A published or exposed port in a summary; exposed-only ports carry no IP and no public port.</summary>
public sealed record Port
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IP { get; init; }
    public ushort PrivatePort { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ushort? PublicPort { get; init; }
    public required string Type { get; init; }
}

/// <summary>The only <c>HostConfig</c> field a summary carries.</summary>
public sealed record ContainerSummaryHostConfig(string NetworkMode);

/// <summary>The networks a listed container is connected to.</summary>
public sealed record ContainerSummaryNetworkSettings(IReadOnlyDictionary<string, EndpointSettings> Networks);
