using System.Text.Json.Nodes;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// The CNI configurations Wharf hands to the plugins: loopback for a new namespace, and per attachment the chain
/// bridge (static IPAM with the engine's address) -> firewall (with the network's own admin chain) -> portmap.
/// </summary>
internal static class CniConfigs
{
    /// <summary>The CNI network name: the plugins derive chain names and comments from it, so it is made from the id.</summary>
    public static string NetworkName(BridgeNetwork network) => "wharf-" + ShortId(network.Id);

    /// <summary>The iptables chain holding the network's own rules (filter: isolation, nat: masquerade).</summary>
    public static string ChainName(BridgeNetwork network) => "WHARF-" + ShortId(network.Id);

    static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    public static JsonObject Loopback() => new()
    {
        ["cniVersion"] = CniInvoker.Version,
        ["name"] = "wharf-loopback",
        ["type"] = "loopback",
    };

    /// <summary>The attachment's chain; portmap only when ports are published (with their host ports already chosen).</summary>
    public static IReadOnlyList<JsonObject> Chain(NetworkAttachment attachment, IReadOnlyList<PortBinding> ports)
    {
        List<JsonObject> chain = [Bridge(attachment), Firewall(attachment.Network)];
        if (ports.Count > 0) chain.Add(Portmap(attachment.Network, ports));
        return chain;
    }

    /// <summary>
    /// The bridge plugin with the engine's address (static IPAM: Wharf's own IPAM decided it). Masquerading is not
    /// asked of the plugin: it would tie the rule to the veth (its DEL finds the addresses to unmasquerade on the link),
    /// so a per-network rule in Wharf's own chain does it instead, as dockerd does.
    /// </summary>
    public static JsonObject Bridge(NetworkAttachment attachment)
    {
        var network = attachment.Network;
        if (!Ipv4Subnet.TryParse(network.Subnet, out var subnet))
            throw EngineException.Invalid($"invalid subnet {network.Subnet} for network {network.Name}");
        var address = new JsonObject
        {
            ["address"] = $"{attachment.Address}/{subnet.PrefixLength}",
            ["gateway"] = network.Gateway,
        };
        var ipam = new JsonObject { ["type"] = "static", ["addresses"] = new JsonArray(address) };
        if (attachment.DefaultRoute && !network.Internal)
            ipam["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0", ["gw"] = network.Gateway });
        var config = new JsonObject
        {
            ["cniVersion"] = CniInvoker.Version,
            ["name"] = NetworkName(network),
            ["type"] = "bridge",
            ["bridge"] = network.Device,
            ["isGateway"] = true,
            ["ipMasq"] = false,
            ["hairpinMode"] = true,
        };
        if (network.Mtu > 0) config["mtu"] = network.Mtu;
        config["ipam"] = ipam;
        if (attachment.MacAddress.Length > 0)
        {
            config["capabilities"] = new JsonObject { ["mac"] = true };
            config["runtimeConfig"] = new JsonObject { ["mac"] = attachment.MacAddress };
        }
        return config;
    }

    /// <summary>
    /// The firewall plugin accepts the container's forwarded traffic even under a DROP policy; its admin chain, jumped
    /// to before those accepts, is the network's own chain, so isolation rules put there win.
    /// </summary>
    public static JsonObject Firewall(BridgeNetwork network) => new()
    {
        ["cniVersion"] = CniInvoker.Version,
        ["name"] = NetworkName(network),
        ["type"] = "firewall",
        ["backend"] = "iptables",
        ["iptablesAdminChainName"] = ChainName(network),
    };

    /// <summary>portmap with SNAT on, so that connections from the host to 127.0.0.1 and hairpin ones get answers.</summary>
    public static JsonObject Portmap(BridgeNetwork network, IReadOnlyList<PortBinding> ports)
    {
        var mappings = new JsonArray();
        foreach (var port in ports)
        {
            var mapping = new JsonObject
            {
                ["hostPort"] = port.HostPort,
                ["containerPort"] = port.ContainerPort,
                ["protocol"] = port.Protocol,
            };
            // An unspecified host address means every one: portmap then matches any local destination.
            if (port.HostIp is not ("" or "0.0.0.0")) mapping["hostIP"] = port.HostIp;
            mappings.Add((JsonNode)mapping);
        }
        return new JsonObject
        {
            ["cniVersion"] = CniInvoker.Version,
            ["name"] = NetworkName(network),
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["snat"] = true,
            ["runtimeConfig"] = new JsonObject { ["portMappings"] = mappings },
        };
    }

    /// <summary>A copy of <paramref name="plugin"/> with <c>prevResult</c> set (left out when there is none).</summary>
    public static JsonObject WithPrevResult(JsonObject plugin, JsonObject? previous)
    {
        var copy = (JsonObject)plugin.DeepClone();
        copy.Remove("prevResult");
        if (previous is not null) copy["prevResult"] = previous.DeepClone();
        return copy;
    }
}
