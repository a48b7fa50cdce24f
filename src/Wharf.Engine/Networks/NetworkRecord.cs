namespace Wharf.Engine.Networks;

/// <summary>One IPAM pool of a network: subnet, gateway and the range containers get addresses from (empty when unset).</summary>
public sealed record IpamPool(string Subnet, string Gateway = "", string IPRange = "");

/// <summary>A network as the store keeps it. Built-ins (<c>bridge</c>, <c>host</c>, <c>none</c>) are rows too, so their ids are stable.</summary>
public sealed record NetworkRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary><c>bridge</c>, <c>host</c> or <c>null</c>.</summary>
    public required string Driver { get; init; }
    public required DateTimeOffset Created { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    /// <summary>The IPAM driver's options as given (dockerd shows <c>null</c> for built-ins, <c>{}</c> for created ones).</summary>
    public IReadOnlyDictionary<string, string>? IpamOptions { get; init; }
    public IReadOnlyList<IpamPool> Pools { get; init; } = [];
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this is one of the networks the daemon makes itself (they cannot be removed).</summary>
    public bool Predefined => Name is NetworkService.BridgeName or NetworkService.HostName or NetworkService.NoneName;

    /// <summary>The Linux bridge device of a bridge network: its <c>com.docker.network.bridge.name</c> option or <c>br-&lt;id[:12]&gt;</c>.</summary>
    public string BridgeDevice => Options.TryGetValue(NetworkService.BridgeNameOption, out var n) && n.Length > 0 ? n : "br-" + Id[..12];

    /// <summary>The plumbing's view of a bridge network (its first pool); the MTU option, else <paramref name="defaultMtu"/>.</summary>
    public BridgeNetwork ToBridge(int defaultMtu)
    {
        var pool = Pools[0];
        var mtu = Options.TryGetValue(NetworkService.MtuOption, out var m) && int.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed : defaultMtu;
        return new BridgeNetwork(Id, Name, BridgeDevice, IpamValidation.Subnet(pool).Canonical.ToString(),
            Ipv4Subnet.FormatAddress(AddressAllocator.Gateway(pool)), mtu, Internal,
            !Off("com.docker.network.bridge.enable_icc"), !Off("com.docker.network.bridge.enable_ip_masquerade"));
    }

    bool Off(string option) => Options.TryGetValue(option, out var v) && v is "false" or "0";
}

/// <summary>A container attached to a network, as network inspect lists it.</summary>
public sealed record NetworkEndpoint(string ContainerId, string ContainerName, string EndpointId, string MacAddress, string IPv4Address);

/// <summary>A network with its endpoints.</summary>
public sealed record NetworkView(NetworkRecord Network, IReadOnlyList<NetworkEndpoint> Endpoints);

/// <summary><c>POST /networks/create</c> in domain terms.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "";
    public bool CheckDuplicate { get; init; }
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool Ingress { get; init; }
    public bool EnableIPv6 { get; init; }
    public bool ConfigOnly { get; init; }
    public string ConfigFrom { get; init; } = "";
    public string IpamDriver { get; init; } = "";
    public IReadOnlyDictionary<string, string>? IpamOptions { get; init; }
    public IReadOnlyList<IpamPool> Pools { get; init; } = [];
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>The names prune removed.</summary>
public sealed record NetworkPruneResult(IReadOnlyList<string> Deleted);

/// <summary>An endpoint row: the address is kept with its prefix (<c>172.18.0.2/16</c>), as network inspect shows it.</summary>
public sealed record StoredEndpoint(string NetworkId, string ContainerId, string ContainerName, string EndpointId, string MacAddress, string Address,
                                    string InterfaceName, IReadOnlyList<string> Aliases, string? StaticAddress, IReadOnlyList<PortBinding> Ports)
{
    /// <summary>The address without its prefix length.</summary>
    public string Host => Address.Split('/')[0];
}
