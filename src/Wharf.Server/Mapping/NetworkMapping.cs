using Wharf.Api.Networks;
using Wharf.Engine.Formats;
using Wharf.Engine.Networks;
using ApiCreate = Wharf.Api.Networks.NetworkCreateRequest;
using DomainCreate = Wharf.Engine.Networks.NetworkCreateRequest;

namespace Wharf.Server.Mapping;

/// <summary>Networks wire &lt;-&gt; domain.</summary>
internal static class NetworkMapping
{
    public static DomainCreate ToCreateRequest(ApiCreate? body) => new()
    {
        Name = body?.Name ?? "",
        Driver = body?.Driver ?? "",
        CheckDuplicate = body?.CheckDuplicate ?? false,
        Internal = body?.Internal ?? false,
        Attachable = body?.Attachable ?? false,
        Ingress = body?.Ingress ?? false,
        EnableIPv6 = body?.EnableIPv6 ?? false,
        ConfigOnly = body?.ConfigOnly ?? false,
        ConfigFrom = body?.ConfigFrom?.Network ?? "",
        IpamDriver = body?.IPAM?.Driver ?? "",
        IpamOptions = body?.IPAM?.Options,
        Pools = [.. (body?.IPAM?.Config ?? []).Select(c => new IpamPool(c.Subnet ?? "", c.Gateway ?? "", c.IPRange ?? ""))],
        Options = body?.Options,
        Labels = body?.Labels,
    };

    public static Network ToNetwork(NetworkView view)
    {
        var n = view.Network;
        return new Network
        {
            Name = n.Name,
            Id = n.Id,
            Created = GoTime.Rfc3339Nano(n.Created),
            Scope = "local",
            Driver = n.Driver,
            IPAM = new Ipam
            {
                Driver = "default",
                Options = n.IpamOptions?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                Config = [.. n.Pools.Select(p => new IpamConfig { Subnet = Empty(p.Subnet), Gateway = Empty(p.Gateway), IPRange = Empty(p.IPRange) })],
            },
            Internal = n.Internal,
            Attachable = n.Attachable,
            Containers = view.Endpoints.ToDictionary(e => e.ContainerId, e => new NetworkContainer
            {
                Name = e.ContainerName,
                EndpointID = e.EndpointId,
                MacAddress = e.MacAddress,
                IPv4Address = e.IPv4Address,
            }, StringComparer.Ordinal),
            Options = n.Options.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Labels = n.Labels.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    public static List<Network> ToList(IReadOnlyList<NetworkView> views) => [.. views.Select(ToNetwork)];

    public static NetworkPruneResponse ToPruneResponse(NetworkPruneResult result) => new(result.Deleted.Count == 0 ? null : result.Deleted);

    static string? Empty(string s) => s.Length == 0 ? null : s;
}
