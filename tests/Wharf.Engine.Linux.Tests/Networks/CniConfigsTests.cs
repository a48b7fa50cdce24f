using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Tests.Networks;

public sealed class CniConfigsTests
{
    static readonly BridgeNetwork Network = new("0123456789abcdef0123", "web", "wt0abc", "10.213.7.0/24", "10.213.7.1", 1400, Internal: false,
        EnableIcc: true, IpMasquerade: true);

    static NetworkAttachment Attachment(BridgeNetwork network, bool defaultRoute = true, string mac = "02:42:0a:d5:07:02") =>
        new("c1", "/run/wharf/netns/c1", "eth0", network, "10.213.7.2", mac, defaultRoute, []);

    [Fact]
    public void Bridge_uses_static_ipam_with_the_engines_address_and_a_default_route()
    {
        var json = CniConfigs.Bridge(Attachment(Network)).ToJsonString();
        Assert.Equal("""
            {"cniVersion":"1.0.0","name":"wharf-0123456789ab","type":"bridge","bridge":"wt0abc","isGateway":true,"ipMasq":false,"hairpinMode":true,"mtu":1400,"ipam":{"type":"static","addresses":[{"address":"10.213.7.2/24","gateway":"10.213.7.1"}],"routes":[{"dst":"0.0.0.0/0","gw":"10.213.7.1"}]},"capabilities":{"mac":true},"runtimeConfig":{"mac":"02:42:0a:d5:07:02"}}
            """, json);
    }

    [Fact]
    public void Bridge_has_no_default_route_when_not_asked_or_internal_and_no_mac_or_mtu_when_unset()
    {
        var noRoute = CniConfigs.Bridge(Attachment(Network, defaultRoute: false));
        Assert.Null(noRoute["ipam"]!["routes"]);
        var internalNet = CniConfigs.Bridge(Attachment(Network with { Internal = true, Mtu = 0 }, mac: ""));
        Assert.Null(internalNet["ipam"]!["routes"]);
        Assert.Null(internalNet["mtu"]);
        Assert.Null(internalNet["runtimeConfig"]);
        Assert.Null(internalNet["capabilities"]);
    }

    [Fact]
    public void Bridge_rejects_a_subnet_it_cannot_read()
    {
        var e = Assert.Throws<EngineException>(() => CniConfigs.Bridge(Attachment(Network with { Subnet = "nonsense" })));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Firewall_uses_the_networks_own_chain_as_admin_chain()
    {
        Assert.Equal("""{"cniVersion":"1.0.0","name":"wharf-0123456789ab","type":"firewall","backend":"iptables","iptablesAdminChainName":"WHARF-0123456789ab"}""",
            CniConfigs.Firewall(Network).ToJsonString());
    }

    [Fact]
    public void Portmap_passes_mappings_as_runtime_config_and_leaves_out_unspecified_host_addresses()
    {
        var json = CniConfigs.Portmap(Network, [new("tcp", 80, "", 8080), new("udp", 53, "0.0.0.0", 5353), new("tcp", 443, "127.0.0.1", 8443)]).ToJsonString();
        Assert.Equal("""
            {"cniVersion":"1.0.0","name":"wharf-0123456789ab","type":"portmap","capabilities":{"portMappings":true},"snat":true,"runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"},{"hostPort":5353,"containerPort":53,"protocol":"udp"},{"hostPort":8443,"containerPort":443,"protocol":"tcp","hostIP":"127.0.0.1"}]}}
            """, json);
    }

    [Fact]
    public void Chain_has_portmap_only_with_published_ports()
    {
        Assert.Equal(["bridge", "firewall"], CniConfigs.Chain(Attachment(Network), []).Select(p => p["type"]!.GetValue<string>()));
        Assert.Equal(["bridge", "firewall", "portmap"],
            CniConfigs.Chain(Attachment(Network), [new("tcp", 80, "", 8080)]).Select(p => p["type"]!.GetValue<string>()));
    }

    [Fact]
    public void WithPrevResult_copies_and_replaces_the_previous_result()
    {
        var plugin = CniConfigs.Firewall(Network);
        var result = new System.Text.Json.Nodes.JsonObject { ["cniVersion"] = "1.0.0" };
        var with = CniConfigs.WithPrevResult(plugin, result);
        Assert.Equal("1.0.0", with["prevResult"]!["cniVersion"]!.GetValue<string>());
        Assert.Null(plugin["prevResult"]);
        Assert.Null(CniConfigs.WithPrevResult(with, null)["prevResult"]);
    }

    [Fact]
    public void Network_rules_drop_across_internal_bridges_and_within_without_icc_accept_published_ports_and_masquerade()
    {
        Assert.Equal(["-A WHARF-0123456789ab ! -i wt0abc -o wt0abc -m conntrack --ctstate DNAT -j ACCEPT"], NetworkRules.FilterRules(Network));
        Assert.Equal(["-A WHARF-0123456789ab -i wt0abc -o wt0abc -j DROP", "-A WHARF-0123456789ab ! -i wt0abc -o wt0abc -m conntrack --ctstate DNAT -j ACCEPT"],
            NetworkRules.FilterRules(Network with { EnableIcc = false }));
        Assert.Equal(["-A WHARF-0123456789ab -s 10.213.7.0/24 ! -o wt0abc -j MASQUERADE"], NetworkRules.NatRules(Network));
        Assert.Equal(["-A WHARF-0123456789ab -i wt0abc ! -o wt0abc -j DROP", "-A WHARF-0123456789ab ! -i wt0abc -o wt0abc -j DROP",
                      "-A WHARF-0123456789ab -i wt0abc -o wt0abc -j DROP"],
            NetworkRules.FilterRules(Network with { Internal = true, EnableIcc = false }));
        Assert.Empty(NetworkRules.NatRules(Network with { Internal = true }));
        Assert.Empty(NetworkRules.NatRules(Network with { IpMasquerade = false }));
    }

    [Fact]
    public void Iptables_listing_lines_split_into_arguments_with_quotes()
    {
        Assert.Equal(["-A", "CNI-FORWARD", "-m", "comment", "--comment", "CNI firewall plugin admin overrides", "-j", "WHARF-0123456789ab"],
            NetworkRules.Split("-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j WHARF-0123456789ab"));
        Assert.Equal(["-A", "X", "--comment", "say \"hi\""], NetworkRules.Split("-A X --comment \"say \\\"hi\\\"\""));
        Assert.Equal(["-A X -j DROP"], NetworkRules.Rules("-N X\n-A X -j DROP\n-A XY -j DROP\n", "X"));
    }
}
