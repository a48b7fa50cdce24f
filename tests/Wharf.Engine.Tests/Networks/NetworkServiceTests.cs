using Wharf.Engine.Events;
using Wharf.Engine.Filters;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Tests.Networks;

public sealed class NetworkServiceTests : IDisposable
{
    readonly NetworkHarness _h = new(new NetworkOptions { BridgeDevice = "wt-test0", Pools = [new AddressPool(NetworkHarness.Subnet("10.213.0.0/16"), 24)] },
                                     "10.213.0.0/24");
    static readonly CancellationToken Ct = CancellationToken.None;

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Builtins_exist_and_the_default_bridge_avoids_host_routes()
    {
        var all = await _h.Service.ListAsync(FilterSet.Empty, Ct);
        Assert.Equal(["bridge", "host", "none"], all.Select(v => v.Network.Name).Order(StringComparer.Ordinal));
        var bridge = all.Single(v => v.Network.Name == "bridge").Network;
        Assert.Equal([new IpamPool("10.213.1.0/24", "10.213.1.1")], bridge.Pools);
        Assert.Equal("wt-test0", bridge.Options["com.docker.network.bridge.name"]);
        Assert.Equal("wt-test0", bridge.BridgeDevice);
        Assert.Equal("null", all.Single(v => v.Network.Name == "none").Network.Driver);
        Assert.Null(bridge.IpamOptions);
    }

    [Fact]
    public async Task A_restart_keeps_the_builtins_ids_and_a_new_bip_replaces_the_bridge_subnet()
    {
        var before = (await _h.Service.ListAsync(FilterSet.Empty, Ct)).ToDictionary(v => v.Network.Name, v => v.Network);
        await _h.NewService().InitializeAsync(Ct);
        var again = (await _h.Service.ListAsync(FilterSet.Empty, Ct)).ToDictionary(v => v.Network.Name, v => v.Network);
        Assert.Equal(before.Values.Select(n => n.Id).Order(), again.Values.Select(n => n.Id).Order());
        Assert.Equal(before["bridge"].Pools, again["bridge"].Pools);

        _h.Options = _h.Options with { BridgeIp = NetworkHarness.Subnet("10.213.77.1/24"), BridgeDevice = "wt-test1" };
        await _h.NewService().InitializeAsync(Ct);
        var bridge = (await _h.Service.InspectAsync("bridge", Ct)).Network;
        Assert.Equal(before["bridge"].Id, bridge.Id);
        Assert.Equal([new IpamPool("10.213.77.0/24", "10.213.77.1")], bridge.Pools);
        Assert.Equal("wt-test1", bridge.BridgeDevice);
    }

    [Fact]
    public async Task Create_picks_the_next_free_subnet_and_publishes_create()
    {
        var (view, warning) = await _h.CreateAsync("wt-a", labels: new Dictionary<string, string> { ["k"] = "v" });
        Assert.Equal("", warning);
        var n = view.Network;
        Assert.Equal(64, n.Id.Length);
        Assert.Equal("bridge", n.Driver);
        Assert.Equal([new IpamPool("10.213.2.0/24", "10.213.2.1")], n.Pools);
        Assert.Equal("br-" + n.Id[..12], n.BridgeDevice);
        Assert.NotNull(n.IpamOptions);
        var e = Assert.Single(_h.Events.Events, e => e.Action == "create");
        Assert.Equal((EventType.Network, n.Id, "wt-a", "bridge"), (e.Type, e.ActorId, e.Attributes["name"], e.Attributes["type"]));
        Assert.Equal([new IpamPool("10.213.3.0/24", "10.213.3.1")], (await _h.CreateAsync("wt-b")).Network.Network.Pools);
    }

    [Fact]
    public async Task Create_with_a_subnet_fills_the_gateway_and_keeps_the_range()
    {
        var n = (await _h.CreateAsync("wt-a", "10.213.9.0/24", range: "10.213.9.128/25")).Network.Network;
        Assert.Equal([new IpamPool("10.213.9.0/24", "10.213.9.1", "10.213.9.128/25")], n.Pools);
        n = (await _h.CreateAsync("wt-b", "10.213.10.0/24", gateway: "10.213.10.254")).Network.Network;
        Assert.Equal("10.213.10.254", n.Pools[0].Gateway);
    }

    [Theory]
    [InlineData("foo", "", "", "invalid subnet foo: invalid CIDR address: foo")]
    [InlineData("10.213.9.1/24", "", "", "invalid subnet 10.213.9.1/24: it should be 10.213.9.0/24")]
    [InlineData("10.213.9.0/24", "10.213.8.1", "", "invalid gateway 10.213.8.1: it should be within subnet 10.213.9.0/24")]
    [InlineData("10.213.9.0/24", "x", "", "invalid gateway address x")]
    [InlineData("10.213.9.0/24", "", "10.213.8.0/25", "invalid ip-range 10.213.8.0/25: it should be within subnet 10.213.9.0/24")]
    [InlineData("10.213.9.0/24", "", "y", "invalid ip-range y: invalid CIDR address: y")]
    public async Task Bad_ipam_is_refused_with_dockerds_words(string subnet, string gateway, string range, string message)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-a", subnet, gateway, range));
        Assert.Equal((ErrorKind.InvalidArgument, message), (e.Kind, e.Message));
    }

    [Fact]
    public async Task Overlapping_subnets_duplicates_and_predefined_names_are_refused()
    {
        await _h.CreateAsync("wt-a", "10.213.9.0/24");
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-b", "10.213.9.128/25"));
        Assert.Equal((ErrorKind.Forbidden, "Pool overlaps with other one on this address space"), (e.Kind, e.Message));
        // A host route counts as taken too.
        e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-b", "10.213.0.0/25"));
        Assert.Equal(ErrorKind.Forbidden, e.Kind);
        e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-a"));
        Assert.Equal((ErrorKind.Conflict, "network with name wt-a already exists"), (e.Kind, e.Message));
        e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("bridge"));
        Assert.Equal((ErrorKind.Forbidden, "operation is not permitted on predefined bridge network "), (e.Kind, e.Message));
    }

    [Theory]
    [InlineData("overlay", ErrorKind.NotFound, "plugin \"overlay\" not found")]
    [InlineData("host", ErrorKind.Forbidden, "only one instance of \"host\" network is allowed")]
    [InlineData("null", ErrorKind.Forbidden, "only one instance of \"null\" network is allowed")]
    public async Task Drivers_other_than_bridge_are_refused(string driver, ErrorKind kind, string message)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-a", driver: driver));
        Assert.Equal((kind, message), (e.Kind, e.Message));
    }

    [Fact]
    public async Task Bridge_name_and_mtu_options_are_checked()
    {
        var n = (await _h.CreateAsync("wt-a", options: new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "wt-br-a", ["com.docker.network.driver.mtu"] = "1400" })).Network.Network;
        Assert.Equal("wt-br-a", n.BridgeDevice);
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-b", options: new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "wt-br-a" }));
        Assert.Equal("bridge name wt-br-a is already in use", e.Message);
        e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-b", options: new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "a-name-far-too-long" }));
        Assert.Equal("invalid bridge name: a-name-far-too-long", e.Message);
        e = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("wt-b", options: new Dictionary<string, string> { ["com.docker.network.driver.mtu"] = "abc" }));
        Assert.Equal("invalid MTU number: abc", e.Message);
    }

    [Fact]
    public async Task Lookup_is_by_id_then_name_then_unique_prefix()
    {
        var a = (await _h.CreateAsync("wt-a")).Network.Network;
        Assert.Equal("wt-a", (await _h.Service.InspectAsync(a.Id, Ct)).Network.Name);
        Assert.Equal(a.Id, (await _h.Service.InspectAsync("wt-a", Ct)).Network.Id);
        Assert.Equal(a.Id, (await _h.Service.InspectAsync(a.Id[..10], Ct)).Network.Id);
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.InspectAsync("wt-nosuch", Ct));
        Assert.Equal((ErrorKind.NotFound, "network wt-nosuch not found"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task List_filters_as_dockerd()
    {
        var a = (await _h.CreateAsync("wt-a", labels: new Dictionary<string, string> { ["k"] = "v" })).Network.Network;
        await _h.CreateAsync("wt-b", labels: new Dictionary<string, string> { ["k"] = "w" });
        await _h.AddEndpointAsync(a.Id, "c1", "10.213.2.2/24");
        async Task<string[]> Names(params (string, string)[] f) =>
            [.. (await _h.Service.ListAsync(NetworkHarness.F(f), Ct)).Select(v => v.Network.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["wt-a", "wt-b"], await Names(("name", "wt-")));
        Assert.Equal(["wt-a"], await Names(("label", "k=v")));
        Assert.Equal(["wt-a"], await Names(("id", a.Id[..8])));
        Assert.Equal(["bridge", "host", "none"], await Names(("type", "builtin")));
        Assert.Equal(["wt-a", "wt-b"], await Names(("type", "custom")));
        Assert.Equal(["wt-b"], await Names(("dangling", "true")));
        Assert.Equal(["bridge", "host", "none", "wt-a"], await Names(("dangling", "false")));
        Assert.Equal(["host"], await Names(("driver", "host")));
        Assert.Empty(await Names(("scope", "swarm")));
        Assert.Equal("c1", Assert.Single((await _h.Service.InspectAsync("wt-a", Ct)).Endpoints).ContainerId);
        var e = await Assert.ThrowsAsync<EngineException>(() => Names(("type", "odd")));
        Assert.Equal("invalid filter: 'type'='odd'", e.Message);
        e = await Assert.ThrowsAsync<EngineException>(() => Names(("color", "red")));
        Assert.Equal("Invalid filter 'color'", e.Message);
    }

    [Fact]
    public async Task Remove_refuses_builtins_and_networks_with_endpoints()
    {
        var a = (await _h.CreateAsync("wt-a")).Network.Network;
        await _h.AddEndpointAsync(a.Id, "c1", "10.213.2.2/24");
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RemoveAsync("wt-a", Ct));
        Assert.Equal((ErrorKind.Forbidden, $"error while removing network: network wt-a id {a.Id} has active endpoints"), (e.Kind, e.Message));
        e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RemoveAsync("host", Ct));
        Assert.Equal((ErrorKind.Forbidden, "host is a pre-defined network and cannot be removed"), (e.Kind, e.Message));

        var b = (await _h.CreateAsync("wt-b")).Network.Network;
        await _h.Service.RemoveAsync(b.Id[..12], Ct);
        await Assert.ThrowsAsync<EngineException>(() => _h.Service.InspectAsync("wt-b", Ct));
        var destroy = Assert.Single(_h.Events.Events, ev => ev.Action == "destroy");
        Assert.Equal((b.Id, "wt-b"), (destroy.ActorId, destroy.Attributes["name"]));
        e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.RemoveAsync("wt-b", Ct));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task Prune_removes_unused_user_networks_matching_the_filters()
    {
        var a = (await _h.CreateAsync("wt-a", labels: new Dictionary<string, string> { ["p"] = "1" })).Network.Network;
        await _h.CreateAsync("wt-b", labels: new Dictionary<string, string> { ["p"] = "1" });
        await _h.CreateAsync("wt-c", labels: new Dictionary<string, string> { ["p"] = "1", ["keep"] = "" });
        await _h.CreateAsync("wt-d");
        await _h.AddEndpointAsync(a.Id, "c1", "10.213.2.2/24");

        var result = await _h.Service.PruneAsync(NetworkHarness.F(("label", "p=1"), ("label!", "keep")), Ct);
        Assert.Equal(["wt-b"], result.Deleted);
        var prune = Assert.Single(_h.Events.Events, e => e.Action == "prune");
        Assert.Equal("0", prune.Attributes["reclaimed"]);

        _h.Clock.Advance(TimeSpan.FromHours(2));
        await _h.CreateAsync("wt-e");
        result = await _h.Service.PruneAsync(NetworkHarness.F(("until", "1h")), Ct);
        Assert.Equal(["wt-c", "wt-d"], result.Deleted.Order(StringComparer.Ordinal));
        Assert.Equal(["bridge", "host", "none", "wt-a", "wt-e"],
            (await _h.Service.ListAsync(FilterSet.Empty, Ct)).Select(v => v.Network.Name).Order(StringComparer.Ordinal));
    }
}
