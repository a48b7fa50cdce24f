using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Wharf.Api.Networks;

namespace Wharf.Cli.Commands.Network;

/// <summary>
/// The docker CLI's createIPAMConfig (28.x): each <c>--ip-range</c> and <c>--gateway</c> goes to the <c>--subnet</c> that
/// contains it, with its checks and error texts. Values are passed on as typed (the daemon validates them); only what
/// the matching needs is parsed, so a lone bad subnet reaches the daemon, as with docker.
/// </summary>
internal static class IpamFlags
{
    public static List<IpamConfig> Build(IReadOnlyList<string> subnets, IReadOnlyList<string> ranges, IReadOnlyList<string> gateways)
    {
        if (subnets.Count < ranges.Count || subnets.Count < gateways.Count)
            throw new CliException("every ip-range or gateway must have a corresponding subnet");
        var pools = new List<(string Subnet, string? Range, string? Gateway)>();
        foreach (var subnet in subnets)
        {
            foreach (var (existing, _, _) in pools)
                if (SubnetMatches(subnet, existing) || SubnetMatches(existing, subnet))
                    throw new CliException("multiple overlapping subnet configuration is not supported");
            pools.Add((subnet, null, null));
        }
        foreach (var range in ranges)
        {
            // docker 28 reads a range as a CIDR before matching it to a subnet.
            if (!TryParseCidr(range, out _, out _)) throw new CliException($"invalid CIDR address: {range}");
            var match = false;
            for (var i = 0; i < pools.Count; i++)
            {
                if (!SubnetMatches(pools[i].Subnet, range)) continue;
                if (pools[i].Range is { } taken)
                    throw new CliException($"cannot configure multiple ranges ({range}, {taken}) on the same subnet ({pools[i].Subnet})");
                pools[i] = pools[i] with { Range = range };
                match = true;
            }
            if (!match) throw new CliException($"no matching subnet for range {range}");
        }
        foreach (var gateway in gateways)
        {
            var match = false;
            for (var i = 0; i < pools.Count; i++)
            {
                if (!SubnetMatches(pools[i].Subnet, gateway)) continue;
                if (pools[i].Gateway is { } taken)
                    throw new CliException($"cannot configure multiple gateways ({gateway}, {taken}) for the same subnet ({pools[i].Subnet})");
                pools[i] = pools[i] with { Gateway = gateway };
                match = true;
            }
            if (!match) throw new CliException($"no matching subnet for gateway {gateway}");
        }
        // docker walks a Go map here, so its pool order is random; ours is the order the subnets were given.
        return [.. pools.Select(p => new IpamConfig { Subnet = p.Subnet, IPRange = p.Range, Gateway = p.Gateway })];
    }

    /// <summary>Go's subnetMatches: is <paramref name="data"/> (an address, or the address part of a CIDR) inside <paramref name="subnet"/>?</summary>
    static bool SubnetMatches(string subnet, string data)
    {
        if (!TryParseCidr(subnet, out var network, out var bits))
            throw new CliException($"invalid subnet: invalid CIDR address: {subnet}");
        IPAddress? address;
        if (data.Contains('/', StringComparison.Ordinal))
        {
            if (!TryParseCidr(data, out _, out _)) throw new CliException($"invalid CIDR address: {data}");
            address = IPAddress.Parse(data[..data.IndexOf('/', StringComparison.Ordinal)]);
        }
        else if (!IPAddress.TryParse(data, out address) || !IsPlainAddress(data))
        {
            // Go's net.ParseIP gives nil, which no subnet contains.
            return false;
        }
        // Go's IPNet.Contains reads an IPv4-mapped address as IPv4.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return new IPNetwork(network, bits).Contains(address);
    }

    /// <summary>Go's net.ParseCIDR: an address in Go's syntax and a prefix length in range; the address is masked to the network.</summary>
    static bool TryParseCidr(string text, out IPAddress network, out int bits)
    {
        network = IPAddress.None;
        bits = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IsPlainAddress(text[..slash]) || !IPAddress.TryParse(text[..slash], out var address)) return false;
        var digits = text[(slash + 1)..];
        if (digits.Length is 0 or > 3 || !digits.All(char.IsAsciiDigit)) return false;
        bits = int.Parse(digits, CultureInfo.InvariantCulture);
        if (bits > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)) return false;
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++) bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(bits - (i * 8), 0, 8)));
        network = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// .NET also reads "10", "10.1", hex and leading-zero forms as IPv4 and allows a zone or brackets; Go's parser takes
    /// only plain dotted quads (or a colon form for IPv6), so those are not addresses here.
    /// </summary>
    static bool IsPlainAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal)) return !text.Contains('%', StringComparison.Ordinal) && !text.Contains('[', StringComparison.Ordinal);
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0'));
    }
}
