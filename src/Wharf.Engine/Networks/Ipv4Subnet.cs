using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Engine.Networks;

/// <summary>An IPv4 prefix such as <c>10.213.0.0/24</c>; the address is kept as given (dockerd keeps host bits in IPRange checks).</summary>
public readonly record struct Ipv4Subnet(uint Address, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint Network => Address & Mask;
    public uint Broadcast => Network | ~Mask;

    public static bool TryParse(string text, out Ipv4Subnet subnet)
    {
        subnet = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseAddress(text[..slash], out var addr)) return false;
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var len) || len > 32) return false;
        subnet = new Ipv4Subnet(addr, len);
        return true;
    }

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        // IPAddress.TryParse accepts "10" or "10.1"; dockerd wants the dotted quad.
        if (text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork) return false;
        address = BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());
        return true;
    }

    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}");

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Contains(Ipv4Subnet other) => other.PrefixLength >= PrefixLength && Contains(other.Network);

    public bool Overlaps(Ipv4Subnet other) => Contains(other.Network) || other.Contains(Network);

    /// <summary>The canonical form with host bits cleared.</summary>
    public Ipv4Subnet Canonical => new(Network, PrefixLength);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(Address)}/{PrefixLength}");
}
