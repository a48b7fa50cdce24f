namespace Wharf.Engine.Networks;

/// <summary>A range the daemon carves network subnets from, as daemon.json's <c>default-address-pools</c>: base and subnet size.</summary>
public sealed record AddressPool(Ipv4Subnet Base, int Size)
{
    /// <summary>dockerd's defaults: 172.17-31.0.0/16 in /16s, then 192.168.0.0/16 in /20s.</summary>
    public static IReadOnlyList<AddressPool> Defaults { get; } =
    [
        new(new Ipv4Subnet(0xAC110000, 16), 16), new(new Ipv4Subnet(0xAC120000, 15), 16), new(new Ipv4Subnet(0xAC140000, 14), 16),
        new(new Ipv4Subnet(0xAC180000, 13), 16), new(new Ipv4Subnet(0xC0A80000, 16), 20),
    ];

    /// <summary>The first subnet of the pools that overlaps none of <paramref name="taken"/>; null when all are used.</summary>
    public static Ipv4Subnet? Choose(IReadOnlyList<AddressPool> pools, IReadOnlyCollection<Ipv4Subnet> taken)
    {
        foreach (var pool in pools)
        {
            if (pool.Size < pool.Base.PrefixLength || pool.Size > 30) continue;
            var step = 1UL << (32 - pool.Size);
            for (ulong a = pool.Base.Network; a <= pool.Base.Broadcast; a += step)
            {
                var candidate = new Ipv4Subnet((uint)a, pool.Size);
                if (!taken.Any(t => t.Overlaps(candidate))) return candidate;
            }
        }
        return null;
    }
}
