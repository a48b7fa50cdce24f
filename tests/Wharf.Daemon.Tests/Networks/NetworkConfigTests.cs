using Wharf.Daemon.Cli;
using Wharf.Daemon.Config;
using static Wharf.Daemon.Tests.Config.ConfigResolution;

namespace Wharf.Daemon.Tests.Networks;

/// <summary>The default bridge's device and address, the MTU and the address pools, from flags and daemon.json.</summary>
public sealed class NetworkConfigTests
{
    [Fact]
    public void Defaults_are_wharf0_and_dockers_pools()
    {
        var n = Resolve().Network;
        Assert.Equal("wharf0", n.BridgeDevice);
        Assert.Null(n.BridgeIp);
        Assert.Equal(1500, n.Mtu);
        Assert.Equal("172.17.0.0/16", n.Pools[0].Base.ToString());
    }

    [Fact]
    public void Daemon_json_sets_bridge_bip_mtu_and_pools()
    {
        var file = DaemonConfigFile.Parse("""
            {"bridge": "wt-br0", "bip": "10.213.7.1/24", "mtu": 1400, "default-address-pools": [{"base": "10.213.0.0/16", "size": 24}]}
            """, ConfigPath);
        Assert.Empty(file.UnhonouredKeys);
        var n = Resolve(file: file).Network;
        Assert.Equal("wt-br0", n.BridgeDevice);
        Assert.Equal("10.213.7.1/24", n.BridgeIp.ToString());
        Assert.Equal(1400, n.Mtu);
        var pool = Assert.Single(n.Pools);
        Assert.Equal(("10.213.0.0/16", 24), (pool.Base.ToString(), pool.Size));
    }

    [Fact]
    public void Flags_set_bridge_and_bip_and_conflict_with_the_file()
    {
        var cli = new DaemonCommandLine();
        var flags = cli.ToFlags(cli.Parse(["--bridge", "wt-br1", "--bip", "10.213.8.1/24"]));
        var n = Resolve(flags).Network;
        Assert.Equal(("wt-br1", "10.213.8.1/24"), (n.BridgeDevice, n.BridgeIp.ToString()));
        Assert.Contains("bridge: (from flag: wt-br1, from file: wt-br2)", Fails(flags, new DaemonFileSettings { Bridge = "wt-br2" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a-name-far-too-long", null, "invalid bridge name: a-name-far-too-long")]
    [InlineData(null, "10.213.8.0/24", "invalid bip: 10.213.8.0/24: it must be a host address with its prefix, such as 10.213.0.1/24")]
    [InlineData(null, "10.213.8.1", "invalid bip: 10.213.8.1: it must be a host address with its prefix, such as 10.213.0.1/24")]
    public void Bad_values_stop_the_daemon(string? bridge, string? bip, string message) =>
        Assert.Equal(message, Fails(new DaemonFlags { Bridge = bridge, Bip = bip }));

    [Fact]
    public void Bad_pools_and_mtu_stop_the_daemon()
    {
        Assert.Equal("invalid pools size: 8", Fails(file: new DaemonFileSettings { AddressPools = [("10.213.0.0/16", 8)] }));
        Assert.Equal("invalid default-address-pools base: x", Fails(file: new DaemonFileSettings { AddressPools = [("x", 24)] }));
        Assert.Equal("invalid MTU number: 10", Fails(file: new DaemonFileSettings { Mtu = 10 }));
    }

    [Fact]
    public void Dns_upstreams_come_from_daemon_json_and_a_bad_one_stops_the_daemon()
    {
        Assert.Empty(Resolve().Dns.Servers);
        var file = DaemonConfigFile.Parse("""{"dns-upstreams": ["127.0.0.1:5353", "10.213.0.53"]}""", ConfigPath);
        Assert.Empty(file.UnhonouredKeys);
        Assert.Equal(["127.0.0.1:5353", "10.213.0.53:53"], Resolve(file: file).Dns.Servers.Select(s => s.ToString()));
        Assert.Equal("invalid dns upstream: nowhere (want ip or ip:port)", Fails(file: new DaemonFileSettings { DnsUpstreams = ["nowhere"] }));
    }
}
