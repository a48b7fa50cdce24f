using System.Text.Json.Serialization;

namespace Wharf.Api.Networks;

/// <summary>The swagger <c>Network</c> (dockerd's <c>NetworkResource</c>), in dockerd's field order.</summary>
public sealed record Network
{
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public string Created { get; init; } = "";
    public string Scope { get; init; } = "local";
    public string Driver { get; init; } = "";
    public bool EnableIPv6 { get; init; }
    public Ipam IPAM { get; init; } = new();
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public ConfigReference ConfigFrom { get; init; } = new();
    public bool ConfigOnly { get; init; }
    public Dictionary<string, NetworkContainer> Containers { get; init; } = [];
    public Dictionary<string, string> Options { get; init; } = [];
    public Dictionary<string, string> Labels { get; init; } = [];
}

/// <summary>A network's IPAM: driver, its options (<c>null</c> for the built-ins) and the pools.</summary>
public sealed record Ipam
{
    public string Driver { get; init; } = "default";
    public Dictionary<string, string>? Options { get; init; }
    public List<IpamConfig>? Config { get; init; } = [];
}

/// <summary>One IPAM pool; empty fields are left out, as Go's <c>omitempty</c> does.</summary>
public sealed record IpamConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Subnet { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IPRange { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Gateway { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? AuxiliaryAddresses { get; init; }
}

/// <summary>The network a config-only network's settings come from (empty: none).</summary>
public sealed record ConfigReference
{
    public string Network { get; init; } = "";
}

/// <summary>A container attached to a network, as network inspect lists it.</summary>
public sealed record NetworkContainer
{
    public string Name { get; init; } = "";
    public string EndpointID { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public string IPv4Address { get; init; } = "";
    public string IPv6Address { get; init; } = "";
}
