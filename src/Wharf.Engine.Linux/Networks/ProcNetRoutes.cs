using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Networks;

/// <summary><see cref="IHostRoutes"/> from <c>/proc/net/route</c> (the main table's IPv4 routes, as <c>ip route</c> shows them).</summary>
public sealed class ProcNetRoutes(string path = "/proc/net/route") : IHostRoutes
{
    public IReadOnlyList<Ipv4Subnet> Destinations() => File.Exists(path) ? Parse(File.ReadAllText(path)) : [];

    /// <summary>
    /// Columns are tab-separated with a header line; Destination and Mask are the kernel's in-memory (network order)
    /// words printed as little-endian hex, so the bytes are reversed to get the address.
    /// </summary>
    public static IReadOnlyList<Ipv4Subnet> Parse(string content)
    {
        var list = new List<Ipv4Subnet>();
        foreach (var line in content.Split('\n').Skip(1))
        {
            var cols = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 8) continue;
            if (!uint.TryParse(cols[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var dest) ||
                !uint.TryParse(cols[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)) continue;
            var prefix = BitOperations.PopCount(mask);
            if (prefix == 0) continue; // the default route overlaps everything and says nothing about local subnets
            var subnet = new Ipv4Subnet(BinaryPrimitives.ReverseEndianness(dest), prefix);
            if (!list.Contains(subnet)) list.Add(subnet);
        }
        return list;
    }
}
