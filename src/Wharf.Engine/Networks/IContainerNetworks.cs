namespace Wharf.Engine.Networks;

/// <summary>
/// How the container service reaches networks: a starting container gets its namespace, addresses and published
/// ports; an exited one gives them back; after a daemon restart the running ones are taken over again. Every call
/// is idempotent, so a repeat after a crash finishes what the first began.
/// </summary>
public interface IContainerNetworks
{
    /// <summary>
    /// For a container about to start: makes its network namespace (none for <c>host</c>; <c>none</c> gets one with
    /// loopback only), allocates its addresses, connects it and publishes its ports. On failure, nothing is left made.
    /// </summary>
    Task<ContainerNetworkSetup> AttachAsync(ContainerNetworkPlan plan, CancellationToken ct);

    /// <summary>For a container that stopped (or is removed): releases everything <see cref="AttachAsync"/> made.</summary>
    Task DetachAsync(string containerId, CancellationToken ct);

    /// <summary>For a container still running after a daemon restart: port reservations and the name server again.</summary>
    Task RestoreAsync(ContainerNetworkPlan plan, ContainerNetworkSetup setup, CancellationToken ct);

    /// <summary>After a daemon restart: releases what belongs to containers not in <paramref name="running"/>.</summary>
    Task ReleaseAllExceptAsync(IReadOnlySet<string> running, CancellationToken ct);

    /// <summary>Connects a running container to one more network (<c>docker network connect</c>); returns its endpoint.</summary>
    Task<ContainerEndpoint> ConnectAsync(ContainerNetworkPlan plan, string network, EndpointRequest request, ContainerNetworkSetup current, CancellationToken ct);

    /// <summary>Disconnects a running container from one network.</summary>
    Task DisconnectAsync(string containerId, ContainerEndpoint endpoint, CancellationToken ct);

    /// <summary>Resolves a network by id, name or id prefix (NotFound with dockerd's message otherwise).</summary>
    Task<NetworkRecord> FindAsync(string idOrName, CancellationToken ct);
}

/// <summary>What the network layer needs to know about a container to connect it.</summary>
public sealed record ContainerNetworkPlan
{
    public required string ContainerId { get; init; }
    /// <summary>Without the leading slash; the name other containers resolve.</summary>
    public required string Name { get; init; }
    /// <summary><c>bridge</c>, <c>host</c>, <c>none</c>, <c>container:&lt;id&gt;</c> or a network name.</summary>
    public required string NetworkMode { get; init; }
    /// <summary>The networks it is to be on, by name, with their aliases and static addresses (the mode's network first).</summary>
    public IReadOnlyList<(string Network, EndpointRequest Request)> Networks { get; init; } = [];
    /// <summary>Ports to publish (host port 0 for a free one), on the first network.</summary>
    public IReadOnlyList<PortBinding> Ports { get; init; } = [];
    /// <summary>The container's own <c>--dns</c> servers: the embedded name server forwards outside names to them.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];
}

/// <summary>A container's wish for one network: aliases and a static IPv4 address.</summary>
public sealed record EndpointRequest(IReadOnlyList<string> Aliases, string? IPv4Address);

/// <summary>What a started container's network is: its namespace path (null for the host's), endpoints, published ports.</summary>
public sealed record ContainerNetworkSetup
{
    public string? NamespacePath { get; init; }
    public IReadOnlyList<ContainerEndpoint> Endpoints { get; init; } = [];
    public IReadOnlyList<PortBinding> Ports { get; init; } = [];
    /// <summary>Whether the container asks the embedded name server (on a user-defined network), at 127.0.0.11.</summary>
    public bool EmbeddedDns { get; init; }
}

/// <summary>A container's attachment to one network while it runs.</summary>
public sealed record ContainerEndpoint(string NetworkId, string NetworkName, string EndpointId, string InterfaceName, string IPAddress, int PrefixLength,
                                       string Gateway, string MacAddress, IReadOnlyList<string> Aliases, string? StaticAddress);
