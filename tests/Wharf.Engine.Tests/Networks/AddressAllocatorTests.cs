using Wharf.Engine.Networks;

namespace Wharf.Engine.Tests.Networks;

public sealed class AddressAllocatorTests
{
    static uint A(string text) => Ipv4Subnet.TryParseAddress(text, out var a) ? a : throw new FormatException(text);

    [Fact]
    public void The_first_free_host_address_skips_network_gateway_and_taken_ones()
    {
        var pool = new IpamPool("10.213.1.0/24", "10.213.1.1");
        Assert.Equal(A("10.213.1.2"), AddressAllocator.Choose(pool, new HashSet<uint>(), null));
        Assert.Equal(A("10.213.1.4"), AddressAllocator.Choose(pool, new HashSet<uint> { A("10.213.1.2"), A("10.213.1.3") }, null));
        // A gateway elsewhere in the subnet leaves .1 free.
        Assert.Equal(A("10.213.1.1"), AddressAllocator.Choose(new IpamPool("10.213.1.0/24", "10.213.1.254"), new HashSet<uint>(), null));
    }

    [Fact]
    public void An_ip_range_bounds_dynamic_addresses_but_not_static_ones()
    {
        var pool = new IpamPool("10.213.2.0/24", "10.213.2.1", "10.213.2.128/30");
        Assert.Equal(A("10.213.2.128"), AddressAllocator.Choose(pool, new HashSet<uint>(), null));
        var full = new HashSet<uint> { A("10.213.2.128"), A("10.213.2.129"), A("10.213.2.130"), A("10.213.2.131") };
        var e = Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, full, null));
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Equal(A("10.213.2.7"), AddressAllocator.Choose(pool, full, "10.213.2.7"));
    }

    [Fact]
    public void A_static_address_must_be_a_free_host_address_of_the_subnet()
    {
        var pool = new IpamPool("10.213.3.0/29", "10.213.3.1");
        Assert.Equal("Address already in use", Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, new HashSet<uint>(), "10.213.3.1")).Message);
        Assert.Equal(ErrorKind.Conflict, Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, new HashSet<uint> { A("10.213.3.3") }, "10.213.3.3")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, new HashSet<uint>(), "10.213.3.7")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, new HashSet<uint>(), "10.213.4.2")).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => AddressAllocator.Choose(pool, new HashSet<uint>(), "bogus")).Kind);
    }

    [Fact]
    public void The_mac_follows_the_address_as_dockerds()
    {
        Assert.Equal("02:42:ac:11:00:02", AddressAllocator.MacFor(A("172.17.0.2")));
    }
}
