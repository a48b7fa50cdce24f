using Wharf.Engine.Networks;

namespace Wharf.Engine.Tests.Networks;

public sealed class SubnetTests
{
    [Theory]
    [InlineData("10.213.0.0/24", true)]
    [InlineData("10.213.0.1/24", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("10.213.0.0", false)]
    [InlineData("10.213/16", false)]
    [InlineData("10.213.0.0/33", false)]
    [InlineData("10.213.0.0/-1", false)]
    [InlineData("::1/64", false)]
    [InlineData("foo", false)]
    public void Parses_dotted_quads_with_a_prefix_only(string text, bool ok) =>
        Assert.Equal(ok, Ipv4Subnet.TryParse(text, out _));

    [Fact]
    public void Network_broadcast_and_containment()
    {
        var s = NetworkHarness.Subnet("10.213.5.7/24");
        Assert.Equal("10.213.5.0", Ipv4Subnet.FormatAddress(s.Network));
        Assert.Equal("10.213.5.255", Ipv4Subnet.FormatAddress(s.Broadcast));
        Assert.Equal("10.213.5.0/24", s.Canonical.ToString());
        Assert.True(s.Contains(NetworkHarness.Subnet("10.213.5.128/25")));
        Assert.False(s.Contains(NetworkHarness.Subnet("10.213.0.0/16")));
        Assert.True(s.Overlaps(NetworkHarness.Subnet("10.213.0.0/16")));
        Assert.False(s.Overlaps(NetworkHarness.Subnet("10.213.6.0/24")));
    }

    [Fact]
    public void A_pool_yields_its_first_subnet_that_overlaps_nothing_taken()
    {
        var pools = new[] { new AddressPool(NetworkHarness.Subnet("10.213.0.0/22"), 24) };
        Assert.Equal("10.213.0.0/24", AddressPool.Choose(pools, [])!.Value.ToString());
        Assert.Equal("10.213.2.0/24", AddressPool.Choose(pools, [NetworkHarness.Subnet("10.213.0.0/23")])!.Value.ToString());
        // A small route inside a candidate rules the whole candidate out.
        Assert.Equal("10.213.1.0/24", AddressPool.Choose(pools, [NetworkHarness.Subnet("10.213.0.128/30")])!.Value.ToString());
        Assert.Null(AddressPool.Choose(pools, [NetworkHarness.Subnet("10.0.0.0/8")]));
    }

    [Fact]
    public void Docker_default_pools_start_at_172_17()
    {
        Assert.Equal("172.17.0.0/16", AddressPool.Choose(AddressPool.Defaults, [])!.Value.ToString());
        Assert.Equal("172.19.0.0/16", AddressPool.Choose(AddressPool.Defaults, [NetworkHarness.Subnet("172.17.0.0/16"), NetworkHarness.Subnet("172.18.5.0/24")])!.Value.ToString());
        Assert.Equal("192.168.0.0/20", AddressPool.Choose(AddressPool.Defaults, [NetworkHarness.Subnet("172.16.0.0/12")])!.Value.ToString());
    }
}
