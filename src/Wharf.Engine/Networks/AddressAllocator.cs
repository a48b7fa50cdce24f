namespace Wharf.Engine.Networks;

/// <summary>
/// Picks a container's address in a network's pool as dockerd's IPAM does: the first free host address of the
/// range (or subnet), never the network, broadcast or gateway address; a static address must lie in the subnet
/// and be free.
/// </summary>
public static class AddressAllocator
{
    /// <summary>The address to use, or an InvalidArgument/Conflict error with dockerd's words; <paramref name="taken"/> holds the addresses in use.</summary>
    public static uint Choose(IpamPool pool, IReadOnlySet<uint> taken, string? requested)
    {
        var subnet = IpamValidation.Subnet(pool);
        var gateway = Gateway(pool);
        if (requested is not null)
        {
            if (!Ipv4Subnet.TryParseAddress(requested, out var wanted)) throw EngineException.Invalid($"invalid IPv4 address: {requested}");
            if (!subnet.Contains(wanted) || wanted == subnet.Network || wanted == subnet.Broadcast)
                throw EngineException.Invalid($"no configured subnet or ip-range contain the IP address {requested}");
            if (wanted == gateway || taken.Contains(wanted)) throw EngineException.Conflict($"Address already in use");
            return wanted;
        }
        var range = pool.IPRange.Length > 0 && Ipv4Subnet.TryParse(pool.IPRange, out var r) ? r.Canonical : subnet.Canonical;
        for (var a = Math.Max(range.Network, subnet.Network + 1); a <= range.Broadcast && a < subnet.Broadcast; a++)
        {
            if (a == gateway || taken.Contains(a)) continue;
            return a;
        }
        throw new EngineException(ErrorKind.Unavailable, $"no available IPv4 addresses on this network's address pools: {pool.Subnet}");
    }

    /// <summary>The pool's gateway: the configured one, else the subnet's first host address.</summary>
    public static uint Gateway(IpamPool pool)
    {
        if (pool.Gateway.Length > 0 && Ipv4Subnet.TryParseAddress(pool.Gateway, out var g)) return g;
        return IpamValidation.Subnet(pool).Network + 1;
    }

    /// <summary>dockerd's MAC for an address: <c>02:42</c> then the four bytes of the address.</summary>
    public static string MacFor(uint address) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"02:42:{address >> 24:x2}:{(address >> 16) & 0xff:x2}:{(address >> 8) & 0xff:x2}:{address & 0xff:x2}");
}
