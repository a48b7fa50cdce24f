namespace Wharf.Engine.Networks;

/// <summary>Checks one IPAM pool of a create request with dockerd's messages, and fills the gateway it picks when none is given.</summary>
internal static class IpamValidation
{
    public static IpamPool Check(IpamPool pool)
    {
        if (!Ipv4Subnet.TryParse(pool.Subnet, out var subnet))
            throw NetworkErrors.Invalid($"invalid subnet {pool.Subnet}: invalid CIDR address: {pool.Subnet}");
        if (subnet.PrefixLength > 30)
            throw NetworkErrors.Invalid($"invalid subnet {pool.Subnet}: a bridge network needs at least 4 addresses");
        if (subnet.Address != subnet.Network)
            throw NetworkErrors.Invalid($"invalid subnet {pool.Subnet}: it should be {subnet.Canonical}");
        var gateway = subnet.Network + 1;
        if (pool.Gateway.Length > 0)
        {
            if (!Ipv4Subnet.TryParseAddress(pool.Gateway, out gateway))
                throw NetworkErrors.Invalid($"invalid gateway address {pool.Gateway}");
            if (!subnet.Contains(gateway) || gateway == subnet.Network || gateway == subnet.Broadcast)
                throw NetworkErrors.Invalid($"invalid gateway {pool.Gateway}: it should be within subnet {pool.Subnet}");
        }
        if (pool.IPRange.Length > 0)
        {
            if (!Ipv4Subnet.TryParse(pool.IPRange, out var range))
                throw NetworkErrors.Invalid($"invalid ip-range {pool.IPRange}: invalid CIDR address: {pool.IPRange}");
            if (!subnet.Contains(range.Canonical))
                throw NetworkErrors.Invalid($"invalid ip-range {pool.IPRange}: it should be within subnet {pool.Subnet}");
        }
        return pool with { Gateway = Ipv4Subnet.FormatAddress(gateway) };
    }

    /// <summary>The subnet of a pool already checked (or stored).</summary>
    public static Ipv4Subnet Subnet(IpamPool pool) =>
        Ipv4Subnet.TryParse(pool.Subnet, out var s) ? s : throw new EngineException(ErrorKind.Internal, $"stored network subnet {pool.Subnet} is not an IPv4 prefix");
}
