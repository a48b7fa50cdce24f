using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Events;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Networks;

/// <summary>
/// Containers on networks: IPAM (addresses kept in <see cref="NetworkStore"/>'s endpoint table, unique per network),
/// the plumbing of each endpoint, the embedded name server of containers on user-defined networks, and the name table
/// it answers from. One gate serialises address choices, so two starting containers never pick the same one.
/// </summary>
public sealed class ContainerNetworks(NetworkStore store, NetworkService networks, INetworkPlumbing plumbing, IEmbeddedDns dns,
                                              NetworkNameTable names, NetworkOptions options, IEventService events, ILogger<ContainerNetworks> logger)
    : IContainerNetworks
{
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Fills the name table from the stored endpoints of user-defined networks (call once, before containers are restored).</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var all = await networks.ListAsync(Filters.FilterSet.Empty, ct);
        foreach (var e in await store.StoredEndpointsAsync(ct))
        {
            var network = all.FirstOrDefault(n => n.Network.Id == e.NetworkId)?.Network;
            if (network is not null) names.Add(e.ContainerId, network, !IsDefaultBridge(network), e.ContainerName, e.Aliases, IPAddress.Parse(e.Host));
        }
    }

    public async Task<ContainerNetworkSetup> AttachAsync(ContainerNetworkPlan plan, CancellationToken ct)
    {
        if (plan.NetworkMode == NetworkService.HostName) return new ContainerNetworkSetup();
        if (plan.NetworkMode.StartsWith("container:", StringComparison.Ordinal))
        {
            var other = plan.NetworkMode["container:".Length..];
            return new ContainerNetworkSetup
            {
                NamespacePath = plumbing.FindNamespace(other) ?? throw EngineException.Conflict($"cannot join network of a non running container: {other}"),
            };
        }
        var ns = await plumbing.CreateNamespaceAsync(plan.ContainerId, ct);
        if (plan.NetworkMode == NetworkService.NoneName) return new ContainerNetworkSetup { NamespacePath = ns };
        var endpoints = new List<ContainerEndpoint>();
        try
        {
            IReadOnlyList<PortBinding> ports = [];
            for (var i = 0; i < plan.Networks.Count; i++)
            {
                var (name, request) = plan.Networks[i];
                var (endpoint, bound) = await ConnectCoreAsync(plan, ns, await FindBridgeAsync(name, ct), request, $"eth{i}", i == 0, i == 0 ? plan.Ports : [], ct);
                endpoints.Add(endpoint);
                if (i == 0) ports = bound;
            }
            var embedded = await UsesEmbeddedDnsAsync(endpoints, ct);
            if (embedded) await dns.StartAsync(plan.ContainerId, ns, Upstreams(plan), ct);
            return new ContainerNetworkSetup { NamespacePath = ns, Endpoints = endpoints, Ports = ports, EmbeddedDns = embedded };
        }
        catch
        {
            await DetachAsync(plan.ContainerId, CancellationToken.None);
            throw;
        }
    }

    public async Task DetachAsync(string containerId, CancellationToken ct)
    {
        await dns.StopAsync(containerId);
        names.Remove(containerId);
        var ns = plumbing.FindNamespace(containerId);
        foreach (var e in (await store.StoredEndpointsAsync(ct)).Where(e => e.ContainerId == containerId))
        {
            await UnplugAsync(e, ns, ct);
            await store.DeleteEndpointsAsync(containerId, e.NetworkId, ct);
        }
        await plumbing.RemoveNamespaceAsync(containerId, ct);
    }

    /// <summary>The container's <c>--dns</c> servers that are addresses (dockerd's CLI refuses others), port 53.</summary>
    static IReadOnlyList<IPEndPoint> Upstreams(ContainerNetworkPlan plan) =>
        [.. plan.Dns.Select(d => IPAddress.TryParse(d, out var a) ? new IPEndPoint(a, DnsUpstreams.DnsPort) : null).OfType<IPEndPoint>()];

    public async Task RestoreAsync(ContainerNetworkPlan plan, ContainerNetworkSetup setup, CancellationToken ct)
    {
        if (setup.NamespacePath is null || plumbing.FindNamespace(plan.ContainerId) is not { } ns) return;
        foreach (var e in (await store.StoredEndpointsAsync(ct)).Where(e => e.ContainerId == plan.ContainerId))
        {
            if (await TryFindAsync(e.NetworkId, ct) is not { } network) continue;
            await plumbing.RestoreAsync(Attachment(e, ns, network), ct);
        }
        if (setup.EmbeddedDns) await dns.StartAsync(plan.ContainerId, ns, Upstreams(plan), ct);
    }

    public async Task ReleaseAllExceptAsync(IReadOnlySet<string> running, CancellationToken ct)
    {
        var owners = (await store.StoredEndpointsAsync(ct)).Select(e => e.ContainerId).Concat(plumbing.Namespaces()).Distinct(StringComparer.Ordinal);
        foreach (var id in owners.Where(id => !running.Contains(id)).ToList())
        {
            try
            {
                await DetachAsync(id, ct);
            }
            catch (Exception e) when (e is EngineException or IOException)
            {
                NetworkLog.ReleaseFailed(logger, id, e);
            }
        }
    }

    public async Task<ContainerEndpoint> ConnectAsync(ContainerNetworkPlan plan, string network, EndpointRequest request, ContainerNetworkSetup current,
                                                      CancellationToken ct)
    {
        if (current.NamespacePath is null || plan.NetworkMode == NetworkService.HostName || plan.NetworkMode.StartsWith("container:", StringComparison.Ordinal))
            throw EngineException.Invalid("container sharing network namespace with another container or host cannot be connected to any other network");
        var bridge = await FindBridgeAsync(network, ct);
        var ifname = "eth" + Enumerable.Range(0, current.Endpoints.Count + 1)
            .First(i => current.Endpoints.All(e => e.InterfaceName != $"eth{i}")).ToString(CultureInfo.InvariantCulture);
        var (endpoint, _) = await ConnectCoreAsync(plan, current.NamespacePath, bridge, request, ifname, defaultRoute: false, [], ct);
        if (!IsDefaultBridge(bridge)) await dns.StartAsync(plan.ContainerId, current.NamespacePath, Upstreams(plan), ct);
        return endpoint;
    }

    public async Task DisconnectAsync(string containerId, ContainerEndpoint endpoint, CancellationToken ct)
    {
        names.Remove(containerId, endpoint.NetworkId);
        var stored = (await store.StoredEndpointsAsync(ct)).FirstOrDefault(e => e.ContainerId == containerId && e.NetworkId == endpoint.NetworkId);
        if (stored is not null) await UnplugAsync(stored, plumbing.FindNamespace(containerId), ct);
        await store.DeleteEndpointsAsync(containerId, endpoint.NetworkId, ct);
    }

    public Task<NetworkRecord> FindAsync(string idOrName, CancellationToken ct) => networks.FindAsync(idOrName, ct);

    /// <summary>Allocates the address, records the endpoint and plugs it in; undone when the plumbing fails.</summary>
    async Task<(ContainerEndpoint Endpoint, IReadOnlyList<PortBinding> Ports)> ConnectCoreAsync(ContainerNetworkPlan plan, string ns, NetworkRecord network,
        EndpointRequest request, string ifname, bool defaultRoute, IReadOnlyList<PortBinding> ports, CancellationToken ct)
    {
        var pool = network.Pools[0];
        var prefix = IpamValidation.Subnet(pool).PrefixLength;
        var userDefined = !IsDefaultBridge(network);
        if (!userDefined && (request.Aliases.Count > 0 || request.IPv4Address is not null))
            throw EngineException.Invalid(request.IPv4Address is not null
                ? "user specified IP address is supported on user defined networks only"
                : "network-scoped alias is supported only for containers in user defined networks");
        StoredEndpoint stored;
        await _gate.WaitAsync(ct);
        try
        {
            var existing = await store.StoredEndpointsAsync(ct);
            if (existing.Any(e => e.ContainerId == plan.ContainerId && e.NetworkId == network.Id))
                throw new EngineException(ErrorKind.Forbidden, $"endpoint with name {plan.Name} already exists in network {network.Name}");
            var taken = existing.Where(e => e.NetworkId == network.Id).Select(e => Ipv4Subnet.TryParseAddress(e.Host, out var a) ? a : 0).ToHashSet();
            var address = AddressAllocator.Choose(pool, taken, request.IPv4Address);
            var aliases = userDefined ? request.Aliases.Append(plan.ContainerId[..12]).Distinct(StringComparer.Ordinal).ToList() : [];
            stored = new StoredEndpoint(network.Id, plan.ContainerId, plan.Name, RandomHex(), AddressAllocator.MacFor(address),
                $"{Ipv4Subnet.FormatAddress(address)}/{prefix}", ifname, aliases, request.IPv4Address, ports);
            if (!await store.TryInsertEndpointAsync(stored, ct)) throw EngineException.Conflict("Address already in use");
        }
        finally
        {
            _gate.Release();
        }

        IReadOnlyList<PortBinding> bound;
        try
        {
            bound = await plumbing.AttachAsync(Attachment(stored, ns, network) with { DefaultRoute = defaultRoute }, ct);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.Conflict && ports.Count > 0)
        {
            await store.DeleteEndpointsAsync(plan.ContainerId, network.Id, CancellationToken.None);
            throw new EngineException(e.Kind, $"driver failed programming external connectivity on endpoint {plan.Name} ({stored.EndpointId}): {e.Message}", e);
        }
        catch
        {
            await store.DeleteEndpointsAsync(plan.ContainerId, network.Id, CancellationToken.None);
            throw;
        }
        if (bound.Count > 0)
        {
            // Host port 0 became a real port: keep that one, so that detach releases exactly what was taken.
            await store.SetEndpointPortsAsync(plan.ContainerId, network.Id, bound, ct);
        }
        names.Add(plan.ContainerId, network, userDefined, plan.Name, stored.Aliases, IPAddress.Parse(stored.Host));
        Publish(network, "connect", plan.ContainerId);
        var gateway = Ipv4Subnet.FormatAddress(AddressAllocator.Gateway(pool));
        return (new ContainerEndpoint(network.Id, network.Name, stored.EndpointId, ifname, stored.Host, prefix, gateway, stored.MacAddress,
            stored.Aliases, request.IPv4Address), bound);
    }

    async Task UnplugAsync(StoredEndpoint e, string? ns, CancellationToken ct)
    {
        if (await TryFindAsync(e.NetworkId, ct) is not { } network) return;
        if (ns is not null) await plumbing.DetachAsync(Attachment(e, ns, network), ct);
        Publish(network, "disconnect", e.ContainerId);
    }

    /// <summary>dockerd's <c>network connect</c>/<c>disconnect</c> events, as endpoints join and leave (container start and stop included).</summary>
    void Publish(NetworkRecord n, string action, string containerId) =>
        events.Publish(EventType.Network, action, n.Id, new Dictionary<string, string>
        {
            ["container"] = containerId,
            ["name"] = n.Name,
            ["type"] = n.Driver,
        });

    async Task<NetworkRecord> FindBridgeAsync(string name, CancellationToken ct)
    {
        var network = await networks.FindAsync(name is "default" ? NetworkService.BridgeName : name, ct);
        if (network.Driver != NetworkService.BridgeDriver)
            throw EngineException.Invalid($"container cannot be disconnected from host network or connected to host network");
        if (network.Pools.Count == 0) throw EngineException.Invalid($"network {network.Name} has no IPv4 address pool");
        return network;
    }

    async Task<NetworkRecord?> TryFindAsync(string id, CancellationToken ct)
    {
        try
        {
            return await networks.FindAsync(id, ct);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    async Task<bool> UsesEmbeddedDnsAsync(IReadOnlyList<ContainerEndpoint> endpoints, CancellationToken ct)
    {
        foreach (var e in endpoints)
            if (await TryFindAsync(e.NetworkId, ct) is { } n && !IsDefaultBridge(n)) return true;
        return false;
    }

    NetworkAttachment Attachment(StoredEndpoint e, string ns, NetworkRecord network) =>
        new(e.ContainerId, ns, e.InterfaceName, network.ToBridge(options.Mtu), e.Host, e.MacAddress, e.InterfaceName == "eth0", e.Ports);

    static bool IsDefaultBridge(NetworkRecord n) => n.Name == NetworkService.BridgeName;


    static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
