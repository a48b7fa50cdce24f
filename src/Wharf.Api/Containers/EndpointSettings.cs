using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>
/// The swagger <c>EndpointSettings</c> at v1.41. Newer clients add <c>GwPriority</c> and <c>DNSNames</c>;
/// they are not declared, so they are ignored on read and never written.
/// </summary>
public sealed record EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; init; }
    public List<string>? Links { get; init; }
    public List<string>? Aliases { get; init; }
    public string NetworkID { get; init; } = "";
    public string EndpointID { get; init; } = "";
    public string Gateway { get; init; } = "";
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string IPv6Gateway { get; init; } = "";
    public string GlobalIPv6Address { get; init; } = "";
    public int GlobalIPv6PrefixLen { get; init; }
    public string MacAddress { get; init; } = "";
    public Dictionary<string, string>? DriverOpts { get; init; }
}

/// <summary>Static addresses a container asks for on one network.</summary>
public sealed record EndpointIpamConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPv4Address { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPv6Address { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? LinkLocalIPs { get; init; }
}

/// <summary>The <c>NetworkingConfig</c> of a create request: endpoint settings keyed by network name (or <c>default</c>).</summary>
public sealed record NetworkingConfig
{
    public Dictionary<string, EndpointSettings?>? EndpointsConfig { get; init; }
}
