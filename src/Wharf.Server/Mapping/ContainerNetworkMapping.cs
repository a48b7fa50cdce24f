using System.Globalization;
using Wharf.Api.Containers;
using Wharf.Engine.Containers;
using Wharf.Engine.Networks;
using WireEndpoint = Wharf.Api.Containers.EndpointSettings;
using WirePortBinding = Wharf.Api.Containers.PortBinding;

namespace Wharf.Server.Mapping;

/// <summary>A container's network in dockerd's shapes: NetworkSettings of inspect, the summary's ports and networks, HostConfig.PortBindings.</summary>
internal static class ContainerNetworkMapping
{
    /// <summary>
    /// One entry per network the container is configured for; while it runs, with its address. dockerd repeats the
    /// default bridge's endpoint in the top-level (legacy) fields.
    /// </summary>
    public static NetworkSettings ToNetworkSettings(ContainerRecord c)
    {
        var networks = Networks(c);
        var running = c.State.Network;
        var bridge = running?.Endpoints.FirstOrDefault(e => e.NetworkName == NetworkService.BridgeName);
        return new NetworkSettings
        {
            SandboxID = running?.NamespacePath is { } ns ? Path.GetFileName(ns) : "",
            SandboxKey = running?.NamespacePath ?? "",
            Ports = running is null ? new Dictionary<string, IReadOnlyList<WirePortBinding>?>() : Ports(c, running),
            Networks = networks,
            EndpointID = bridge?.EndpointId ?? "",
            Gateway = bridge?.Gateway ?? "",
            IPAddress = bridge?.IPAddress ?? "",
            IPPrefixLen = bridge?.PrefixLength ?? 0,
            MacAddress = bridge?.MacAddress ?? "",
        };
    }

    /// <summary>The networks by name: the mode's network and those connected later; endpoint fields filled while running.</summary>
    public static Dictionary<string, WireEndpoint> Networks(ContainerRecord c)
    {
        var mode = ContainerService.NetworkModeName(c.Spec.Host.NetworkMode);
        var result = new Dictionary<string, WireEndpoint>(StringComparer.Ordinal);
        if (mode.StartsWith("container:", StringComparison.Ordinal)) return result;
        var names = new List<string> { mode };
        names.AddRange(c.Spec.Networks.Keys.Where(k => k != "default" && k != mode));
        foreach (var name in names)
        {
            var wish = c.Spec.Networks.GetValueOrDefault(name) ?? (name == mode ? c.Spec.Networks.GetValueOrDefault("default") : null);
            var e = c.State.Network?.Endpoints.FirstOrDefault(x => x.NetworkName == name);
            result[name] = new WireEndpoint
            {
                IPAMConfig = wish?.IPv4Address is { } ip ? new EndpointIpamConfig { IPv4Address = ip } : null,
                Aliases = e is not null ? (e.Aliases.Count == 0 ? null : [.. e.Aliases]) : wish is { Aliases.Count: > 0 } ? [.. wish.Aliases] : null,
                NetworkID = e?.NetworkId ?? "",
                EndpointID = e?.EndpointId ?? "",
                Gateway = e?.Gateway ?? "",
                IPAddress = e?.IPAddress ?? "",
                IPPrefixLen = e?.PrefixLength ?? 0,
                MacAddress = e?.MacAddress ?? "",
            };
        }
        return result;
    }

    /// <summary>Exposed ports with their bindings (<c>null</c> when only exposed), as inspect and <c>docker port</c> read them.</summary>
    static Dictionary<string, IReadOnlyList<WirePortBinding>?> Ports(ContainerRecord c, ContainerNetworkSetup running)
    {
        var result = new Dictionary<string, IReadOnlyList<WirePortBinding>?>(StringComparer.Ordinal);
        if (running.NamespacePath is null) return result;
        foreach (var port in c.Spec.Config.ExposedPorts?.Keys ?? Enumerable.Empty<string>()) result[port] = null;
        foreach (var group in running.Ports.GroupBy(p => $"{p.ContainerPort}/{p.Protocol}"))
            result[group.Key] = [.. group.Select(p => new WirePortBinding { HostIp = p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, HostPort = Text(p.HostPort) })];
        return result;
    }

    /// <summary>The summary's ports: published ones with their host side, exposed ones alone; sorted as dockerd lists them.</summary>
    public static IReadOnlyList<Port> SummaryPorts(ContainerRecord c)
    {
        var result = new List<Port>();
        var published = c.State.Network?.Ports ?? [];
        foreach (var p in published)
            result.Add(new Port { IP = p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, PrivatePort = (ushort)p.ContainerPort, PublicPort = (ushort)p.HostPort, Type = p.Protocol });
        foreach (var port in c.Spec.Config.ExposedPorts?.Keys ?? Enumerable.Empty<string>())
        {
            var slash = port.IndexOf('/', StringComparison.Ordinal);
            if (!ushort.TryParse(slash < 0 ? port : port[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var number)) continue;
            var type = slash < 0 ? "tcp" : port[(slash + 1)..];
            if (result.Any(r => r.PrivatePort == number && r.Type == type)) continue;
            result.Add(new Port { PrivatePort = number, Type = type });
        }
        return result;
    }

    /// <summary>HostConfig.PortBindings as the request gave them.</summary>
    public static Dictionary<string, List<WirePortBinding>?> ToWire(IReadOnlyDictionary<string, IReadOnlyList<HostPortBinding>> bindings) =>
        bindings.ToDictionary(kv => kv.Key, kv => (List<WirePortBinding>?)[.. kv.Value.Select(b => new WirePortBinding { HostIp = b.HostIp, HostPort = b.HostPort })],
            StringComparer.Ordinal);

    /// <summary>The request's PortBindings in the engine's form; a key must be <c>port[/proto]</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<HostPortBinding>> FromWire(Dictionary<string, List<WirePortBinding>?>? bindings)
    {
        var result = new Dictionary<string, IReadOnlyList<HostPortBinding>>(StringComparer.Ordinal);
        foreach (var (key, list) in bindings ?? [])
        {
            var port = key.Contains('/', StringComparison.Ordinal) ? key : key + "/tcp";
            result[port] = [.. (list ?? []).Select(b => new HostPortBinding(b.HostIp ?? "", b.HostPort ?? ""))];
        }
        return result;
    }

    static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
