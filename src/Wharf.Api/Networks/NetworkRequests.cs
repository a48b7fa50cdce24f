namespace Wharf.Api.Networks;

/// <summary>The body of <c>POST /networks/create</c> (swagger <c>NetworkCreateRequest</c>).</summary>
public sealed record NetworkCreateRequest
{
    public string? Name { get; init; }
    public bool CheckDuplicate { get; init; }
    public string? Driver { get; init; }
    public string? Scope { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public bool ConfigOnly { get; init; }
    public ConfigReference? ConfigFrom { get; init; }
    public Ipam? IPAM { get; init; }
    public bool EnableIPv6 { get; init; }
    public Dictionary<string, string>? Options { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>The body of a 201 from <c>POST /networks/create</c>.</summary>
public sealed record NetworkCreateResponse(string Id, string Warning);

/// <summary>The body of <c>POST /networks/prune</c>: <c>null</c> when nothing was removed.</summary>
public sealed record NetworkPruneResponse(IReadOnlyList<string>? NetworksDeleted);

/// <summary>The body of <c>POST /networks/{id}/connect</c>: the container, and its endpoint settings on that network.</summary>
public sealed record NetworkConnectRequest
{
    public string Container { get; init; } = "";
    public Wharf.Api.Containers.EndpointSettings? EndpointConfig { get; init; }
}

/// <summary>The body of <c>POST /networks/{id}/disconnect</c>.</summary>
public sealed record NetworkDisconnectRequest
{
    public string Container { get; init; } = "";
    public bool Force { get; init; }
}
