namespace Wharf.Engine.Networks;

/// <summary>
/// The host side of container networking (an adapter over CNI plugins and iptables): one network namespace per
/// container, Linux bridges with veth pairs, NAT to the outside, published ports. Every operation is idempotent and
/// tolerates what is already gone, so that the engine can repeat it after a crash; a failed attach leaves nothing made.
/// </summary>
public interface INetworkPlumbing
{
    /// <summary>Creates the container's network namespace with loopback up and returns its path (the existing one's, when it exists).</summary>
    Task<string> CreateNamespaceAsync(string containerId, CancellationToken ct);

    /// <summary>The path of the container's namespace when it exists (for instance after a daemon restart), else null.</summary>
    string? FindNamespace(string containerId);

    /// <summary>Removes the container's namespace; nothing when it is gone.</summary>
    Task RemoveNamespaceAsync(string containerId, CancellationToken ct);

    /// <summary>Ids of the containers that have a namespace (to clean up those the engine no longer runs, after a crash).</summary>
    IReadOnlyList<string> Namespaces();

    /// <summary>
    /// Connects a namespace to a bridge network (the bridge is made on first use) and publishes the ports; returns the
    /// bindings with the host ports actually used (a host port 0 gets a free one). A host port already in use is a
    /// Conflict whose message is dockerd's "Bind for 0.0.0.0:8080 failed: port is already allocated". The host ports stay
    /// held (bound, not listening) until <see cref="DetachAsync"/>; attaching again what is attached returns its bindings.
    /// </summary>
    Task<IReadOnlyList<PortBinding>> AttachAsync(NetworkAttachment attachment, CancellationToken ct);

    /// <summary>
    /// After a daemon restart: takes the published ports' host reservations again (the kernel's plumbing survived), with
    /// the host ports the attach really used; a Conflict when a host program took one in the meantime.
    /// </summary>
    Task RestoreAsync(NetworkAttachment attachment, CancellationToken ct);

    /// <summary>
    /// Undoes <see cref="AttachAsync"/>: published ports, NAT, the veth pair; nothing when already gone. It works from what
    /// the attach recorded under the exec root, so also after a daemon restart and after the namespace was removed.
    /// </summary>
    Task DetachAsync(NetworkAttachment attachment, CancellationToken ct);

    /// <summary>Deletes a bridge network's device and rules when the network is removed; nothing when gone.</summary>
    Task RemoveNetworkAsync(BridgeNetwork network, CancellationToken ct);
}

/// <summary>A bridge network as the plumbing needs it: subnet in CIDR form, the gateway address on the bridge.</summary>
public sealed record BridgeNetwork(string Id, string Name, string Device, string Subnet, string Gateway, int Mtu, bool Internal, bool EnableIcc,
                                   bool IpMasquerade);

/// <summary>One container's endpoint on one network: its interface inside the namespace, address (no prefix) and MAC.</summary>
public sealed record NetworkAttachment(string ContainerId, string NamespacePath, string InterfaceName, BridgeNetwork Network, string Address,
                                       string MacAddress, bool DefaultRoute, IReadOnlyList<PortBinding> Ports);

/// <summary>A published port. <c>HostIp</c> empty means every address; <c>HostPort</c> 0 asks for a free ephemeral port.</summary>
public sealed record PortBinding(string Protocol, int ContainerPort, string HostIp, int HostPort);
