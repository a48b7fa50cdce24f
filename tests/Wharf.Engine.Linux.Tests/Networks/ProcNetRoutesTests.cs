using Wharf.Engine.Linux.Networks;

namespace Wharf.Engine.Linux.Tests.Networks;

public sealed class ProcNetRoutesTests
{
    [Fact]
    public void Parses_destinations_and_masks_skipping_the_default_route()
    {
        const string sample = """
            Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
            eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0
            eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
            docker0	000011AC	00000000	0001	0	0	0	0000FFFF	0	0	0
            eth0	000200C0	00000000	0001	0	0	100	00FFFFFF	0	0	0
            """;
        Assert.Equal(["192.0.2.0/24", "172.17.0.0/16"], ProcNetRoutes.Parse(sample).Select(s => s.ToString()));
    }

    [Fact]
    public void Reads_this_hosts_table()
    {
        // Whatever the host routes, none of them is the default route.
        Assert.All(new ProcNetRoutes().Destinations(), s => Assert.NotEqual(0, s.PrefixLength));
        Assert.Empty(new ProcNetRoutes("/nonexistent/route").Destinations());
    }
}
