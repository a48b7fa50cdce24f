using System.Net;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Images;
using Wharf.Engine.Networks;
using Wharf.Engine.Tests.Containers;
using Wharf.Testing;
using Wharf.Testing.Containers;

namespace Wharf.Engine.Tests.Networks;

/// <summary>Containers on networks through the container service, with recording plumbing: IPAM, ports, names, clean-up, restart.</summary>
public sealed class ContainerNetworksTests : IAsyncLifetime
{
    readonly ContainerHarness _h = new();
    static readonly CancellationToken None = CancellationToken.None;

    public Task InitializeAsync() => _h.InitializeAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    static Dictionary<string, EndpointSettings> Endpoint(string network, string[] aliases, string? address) =>
        new() { [network] = new EndpointSettings(aliases, address) };

    async Task<string> UserNetworkAsync(string name, string subnet = "10.213.7.0/24") =>
        (await _h.Networks.CreateAsync(new NetworkCreateRequest { Name = name, Pools = [new IpamPool(subnet)] }, None)).Network.Network.Id;

    [Fact]
    public async Task Default_bridge_containers_get_the_next_free_address_and_give_it_back_when_they_stop()
    {
        var a = await _h.RunAsync("ca");
        var b = await _h.RunAsync("cb");
        var ea = Assert.Single(_h.State(a).Network!.Endpoints);
        var eb = Assert.Single(_h.State(b).Network!.Endpoints);
        Assert.Equal(("172.17.0.2", 16, "172.17.0.1", "02:42:ac:11:00:02", "eth0"), (ea.IPAddress, ea.PrefixLength, ea.Gateway, ea.MacAddress, ea.InterfaceName));
        Assert.Equal("172.17.0.3", eb.IPAddress);
        Assert.Empty(ea.Aliases);   // the default bridge has no names
        var bundle = _h.Bundles.Bundles.Last(r => r.Id == a);
        Assert.Equal(($"/fake/netns/{a}", "172.17.0.2", false), (bundle.NetworkNamespacePath, bundle.IPAddress, bundle.EmbeddedDns));
        Assert.DoesNotContain(a.Value, _h.Dns.Served);
        Assert.Equal(2, (await _h.Networks.InspectAsync("bridge", None)).Endpoints.Count);

        _h.Runtime.Exit(a, 0);
        await ContainerHarness.Eventually(() => _h.State(a).Status == ContainerStatus.Exited, "a exited");
        Assert.Null(_h.State(a).Network);
        Assert.Null(_h.Plumbing.FindNamespace(a.Value));
        Assert.DoesNotContain(_h.Plumbing.Attached, x => x.ContainerId == a.Value);
        var c = await _h.RunAsync("cc");
        Assert.Equal("172.17.0.2", _h.State(c).Network!.Endpoints[0].IPAddress);
    }

    [Fact]
    public async Task A_user_network_gives_static_addresses_aliases_and_names_that_only_its_members_resolve()
    {
        await UserNetworkAsync("appnet");
        var web = await _h.RunAsync("web", null, new HostSettings { NetworkMode = "appnet" }, Endpoint("appnet", ["www"], "10.213.7.50"));
        var client = await _h.RunAsync("client", host: new HostSettings { NetworkMode = "appnet", Dns = ["192.0.2.1"] });
        var outsider = await _h.RunAsync("outsider");
        Assert.Equal("10.213.7.50", _h.State(web).Network!.Endpoints[0].IPAddress);
        Assert.Equal("10.213.7.2", _h.State(client).Network!.Endpoints[0].IPAddress);
        Assert.Equal(["www", web.Short], _h.State(web).Network!.Endpoints[0].Aliases);
        Assert.True(_h.Bundles.Bundles.Last(r => r.Id == client).EmbeddedDns);
        Assert.Contains(client.Value, _h.Dns.Served);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53)], _h.Dns.Upstreams[client.Value]);   // its --dns, not the daemon's
        Assert.Empty(_h.Dns.Upstreams[web.Value]);

        var expected = new[] { IPAddress.Parse("10.213.7.50") };
        Assert.Equal(expected, _h.Names.Resolve(client.Value, "web"));
        Assert.Equal(expected, _h.Names.Resolve(client.Value, "WWW."));
        Assert.Equal(expected, _h.Names.Resolve(client.Value, web.Short));
        Assert.Equal(expected, _h.Names.Resolve(client.Value, "web.appnet"));
        Assert.Equal(expected, _h.Names.Resolve(client.Value, "www.APPNET."));
        Assert.Empty(_h.Names.Resolve(client.Value, "web.othernet"));
        Assert.Equal("web.appnet", _h.Names.ReverseResolve(client.Value, IPAddress.Parse("10.213.7.50")));
        Assert.True(_h.Names.ForwardsOutside(client.Value));
        Assert.Empty(_h.Names.Resolve(outsider.Value, "web"));
        Assert.Empty(_h.Names.Resolve(client.Value, "outsider"));

        var taken = await Assert.ThrowsAsync<EngineException>(() =>
            _h.RunAsync("twin", null, new HostSettings { NetworkMode = "appnet" }, Endpoint("appnet", [], "10.213.7.50")));
        Assert.Equal((ErrorKind.Conflict, "Address already in use"), (taken.Kind, taken.Message));
        var outside = await Assert.ThrowsAsync<EngineException>(() =>
            _h.RunAsync("far", null, new HostSettings { NetworkMode = "appnet" }, Endpoint("appnet", [], "10.9.9.9")));
        Assert.Equal("no configured subnet or ip-range contain the IP address 10.9.9.9", outside.Message);
        Assert.Null(_h.Plumbing.FindNamespace(_h.Store.FindByName("twin")!.Id.Value));

        _h.Runtime.Exit(web, 0);
        await ContainerHarness.Eventually(() => _h.State(web).Status == ContainerStatus.Exited, "web exited");
        Assert.Empty(_h.Names.Resolve(client.Value, "web"));
    }

    [Fact]
    public async Task Published_ports_take_a_free_host_port_and_a_taken_one_fails_the_start_leaving_nothing()
    {
        var config = new RunConfig { ExposedPorts = new() { ["80/tcp"] = new(), ["53/udp"] = new() } };
        var id = await _h.RunAsync("pub", config, new HostSettings
        {
            PortBindings = new Dictionary<string, IReadOnlyList<HostPortBinding>> { ["80/tcp"] = [new HostPortBinding("127.0.0.1", "8080")] },
            PublishAllPorts = true,
        });
        var ports = _h.State(id).Network!.Ports;
        Assert.Contains(new PortBinding("tcp", 80, "127.0.0.1", 8080), ports);
        Assert.Contains(ports, p => p is { Protocol: "udp", ContainerPort: 53, HostPort: >= 40000 });

        await _h.CreateAsync("clash", host: new HostSettings
        {
            PortBindings = new Dictionary<string, IReadOnlyList<HostPortBinding>> { ["80/tcp"] = [new HostPortBinding("", "8080")] },
        });
        var clash = _h.Store.FindByName("clash")!.Id;
        var e = await Assert.ThrowsAsync<EngineException>(() => _h.Service.StartAsync("clash", None));
        Assert.StartsWith("driver failed programming external connectivity on endpoint clash (", e.Message);
        Assert.EndsWith("): Bind for 0.0.0.0:8080 failed: port is already allocated", e.Message);
        Assert.Null(_h.Plumbing.FindNamespace(clash.Value));
        Assert.Single((await _h.Networks.InspectAsync("bridge", None)).Endpoints);
        Assert.Equal(ContainerStatus.Created, _h.State(clash).Status);
    }

    [Fact]
    public async Task Host_and_none_modes_and_an_unknown_network()
    {
        var host = await _h.RunAsync("hh", host: new HostSettings { NetworkMode = "host" });
        Assert.Null(_h.State(host).Network!.NamespacePath);
        var none = await _h.RunAsync("nn", host: new HostSettings { NetworkMode = "none" });
        Assert.Equal(($"/fake/netns/{none}", 0), (_h.State(none).Network!.NamespacePath, _h.State(none).Network!.Endpoints.Count));
        var missing = await Assert.ThrowsAsync<EngineException>(() => _h.CreateAsync("lost", host: new HostSettings { NetworkMode = "nowhere" }));
        Assert.Equal((ErrorKind.NotFound, "network nowhere not found"), (missing.Kind, missing.Message));
    }

    [Fact]
    public async Task Outside_names_are_forwarded_only_for_containers_with_a_network_that_is_not_internal()
    {
        await _h.Networks.CreateAsync(new NetworkCreateRequest { Name = "sealed", Internal = true, Pools = [new IpamPool("10.213.10.0/24")] }, None);
        var inside = await _h.RunAsync("inside", host: new HostSettings { NetworkMode = "sealed" });
        Assert.False(_h.Names.ForwardsOutside(inside.Value));
        await _h.Service.ConnectNetworkAsync("inside", "bridge", new EndpointSettings([], null), None);
        Assert.True(_h.Names.ForwardsOutside(inside.Value));   // the default bridge is a way out, though it has no names
        await _h.Service.DisconnectNetworkAsync("inside", "bridge", false, None);
        Assert.False(_h.Names.ForwardsOutside(inside.Value));
    }

    [Fact]
    public async Task Connect_and_disconnect_a_running_container_and_remove_a_network_only_when_unused()
    {
        await UserNetworkAsync("backend", "10.213.8.0/24");
        var id = await _h.RunAsync("svc");
        await _h.Service.ConnectNetworkAsync("svc", "backend", new EndpointSettings(["api"], null), None);
        var eth1 = _h.State(id).Network!.Endpoints.Single(e => e.NetworkName == "backend");
        Assert.Equal(("eth1", "10.213.8.2"), (eth1.InterfaceName, eth1.IPAddress));
        Assert.Contains(_h.Plumbing.Attached, a => a.InterfaceName == "eth1" && !a.DefaultRoute);
        Assert.True(_h.Store.Get(id)!.Spec.Networks.ContainsKey("backend"));
        var again = await Assert.ThrowsAsync<EngineException>(() => _h.Service.ConnectNetworkAsync("svc", "backend", new EndpointSettings([], null), None));
        Assert.Equal(ErrorKind.Forbidden, again.Kind);
        var busy = await Assert.ThrowsAsync<EngineException>(() => _h.Networks.RemoveAsync("backend", None));
        Assert.Contains("has active endpoints", busy.Message);

        await _h.Service.DisconnectNetworkAsync("svc", "backend", false, None);
        Assert.DoesNotContain(_h.State(id).Network!.Endpoints, e => e.NetworkName == "backend");
        Assert.False(_h.Store.Get(id)!.Spec.Networks.ContainsKey("backend"));
        await _h.Networks.RemoveAsync("backend", None);
        Assert.Contains(_h.Plumbing.RemovedNetworks, n => n.Name == "backend");
        Assert.Contains(_h.Events.Events, ev => ev.Action == "connect" && ev.Attributes["container"] == id.Value);
        Assert.Contains(_h.Events.Events, ev => ev.Action == "disconnect");
    }

    [Fact]
    public async Task After_a_daemon_restart_running_containers_keep_their_network_and_ended_ones_give_it_back()
    {
        await UserNetworkAsync("keep", "10.213.9.0/24");
        var running = await _h.RunAsync("stays", host: new HostSettings { NetworkMode = "keep" });
        var ending = await _h.RunAsync("goes", host: new HostSettings { NetworkMode = "keep" });
        var runtime = new FakeOciRuntime(_h.Clock);
        runtime.Seed(running, RuntimeStatus.Running, _h.State(running).Pid);
        runtime.Seed(ending, RuntimeStatus.Stopped, 1);
        runtime.Exit(ending, 3);   // replayed on subscription
        await _h.RestartDaemonAsync(runtime);

        await ContainerHarness.Eventually(() => _h.State(ending).Status == ContainerStatus.Exited, "the exit that happened while down");
        await ContainerHarness.Eventually(() => _h.Plumbing.FindNamespace(ending.Value) is null, "the ended container's namespace released");
        Assert.Contains($"restore {running.Short} keep", _h.Plumbing.Calls);
        Assert.Equal("10.213.9.2", _h.State(running).Network!.Endpoints[0].IPAddress);
        Assert.Equal([IPAddress.Parse("10.213.9.2")], _h.Names.Resolve(running.Value, "stays"));
        var view = await _h.Networks.InspectAsync("keep", None);
        Assert.Equal([running.Value], view.Endpoints.Select(e => e.ContainerId));
    }
}

