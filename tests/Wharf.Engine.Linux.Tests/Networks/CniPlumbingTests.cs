using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Engine.Networks;
using Wharf.Testing;
using Xunit.Abstractions;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>The real plumbing: namespaces, bridges, CNI plugins and iptables, on test bridges and 10.213.x.0/24 subnets.</summary>
[Collection("network plumbing")]
public sealed class CniPlumbingTests(ITestOutputHelper output)
{
    [RootFact]
    public async Task A_namespace_is_pinned_with_loopback_up_found_listed_and_removed()
    {
        await using var h = new NetworkHarness();
        var id = await h.NamespaceAsync();
        var path = h.Plumbing.FindNamespace(id);

        Assert.Equal(Path.Combine(h.Options.NamespaceDirectory, id), path);
        Assert.Equal(path, await h.Plumbing.CreateNamespaceAsync(id, CancellationToken.None));
        Assert.Equal([id], h.Plumbing.Namespaces());
        var lo = await h.InAsync(id, "ip", "-o", "link", "show", "lo");
        Assert.Contains("LOWER_UP", lo.Output);
        Assert.Equal(0, (await h.PingAsync(id, "127.0.0.1")).Exit);
        Assert.NotEqual(await File.ReadAllTextAsync("/proc/self/net/dev"), (await h.InAsync(id, "cat", "/proc/self/net/dev")).Output);

        await h.Plumbing.RemoveNamespaceAsync(id, CancellationToken.None);
        Assert.Null(h.Plumbing.FindNamespace(id));
        Assert.Empty(h.Plumbing.Namespaces());
        Assert.False(File.Exists(path));
        Assert.DoesNotContain(path!, await File.ReadAllTextAsync("/proc/self/mountinfo"));
        await h.Plumbing.RemoveNamespaceAsync(id, CancellationToken.None);
    }

    [RootFact]
    public async Task Two_namespaces_on_one_bridge_reach_each_other_and_the_gateway_and_nothing_is_left_afterwards()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        string first = "";
        var create = await NetworkHarness.TimeAsync(async () => first = await h.NamespaceAsync());
        var a = h.Attachment(first, network, 2);
        var b = h.Attachment(await h.NamespaceAsync(), network, 3);

        var attachFirst = await NetworkHarness.TimeAsync(() => h.Plumbing.AttachAsync(a, CancellationToken.None));
        var attachSecond = await NetworkHarness.TimeAsync(() => h.Plumbing.AttachAsync(b, CancellationToken.None));
        Assert.Equal(2, NetworkHarness.Ports(network).Count);
        Assert.Equal(0, (await h.PingAsync(a.ContainerId, b.Address)).Exit);
        Assert.Equal(0, (await h.PingAsync(b.ContainerId, a.Address)).Exit);
        Assert.Equal(0, (await h.PingAsync(a.ContainerId, network.Gateway)).Exit);
        Assert.Contains($"default via {network.Gateway}", (await h.InAsync(a.ContainerId, "ip", "route")).Output);
        Assert.Contains(a.MacAddress, (await h.InAsync(a.ContainerId, "ip", "-o", "link", "show", "eth0")).Output);
        Assert.NotEmpty(await h.OwnRulesAsync());

        var veths = NetworkHarness.Ports(network);
        var detach = await NetworkHarness.TimeAsync(() => h.Plumbing.DetachAsync(a, CancellationToken.None));
        await h.Plumbing.DetachAsync(b, CancellationToken.None);
        await h.Plumbing.DetachAsync(b, CancellationToken.None); // again: nothing to do
        var remove = await NetworkHarness.TimeAsync(() => h.Plumbing.RemoveNamespaceAsync(a.ContainerId, CancellationToken.None));
        await h.Plumbing.RemoveNamespaceAsync(b.ContainerId, CancellationToken.None);
        var removeNetwork = await NetworkHarness.TimeAsync(() => h.Plumbing.RemoveNetworkAsync(network, CancellationToken.None));
        await h.Plumbing.RemoveNetworkAsync(network, CancellationToken.None); // again: nothing to do
        output.WriteLine($"namespace: create {create} ms, remove {remove} ms; attach: first {attachFirst} ms (makes the bridge), " +
                         $"second {attachSecond} ms; detach {detach} ms; remove network {removeNetwork} ms");

        Assert.False(Directory.Exists("/sys/class/net/" + network.Device));
        Assert.All(veths, v => Assert.False(Directory.Exists("/sys/class/net/" + v), v + " is left"));
        Assert.Empty(await h.OwnRulesAsync());
        Assert.Empty(h.Plumbing.Namespaces());
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Options.CacheDirectory));
    }

    [RootFact]
    public async Task A_published_port_reaches_the_container_from_the_host_on_127_0_0_1_and_the_gateway_and_from_another_container()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        var server = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("tcp", 80, "", 0));
        var client = h.Attachment(await h.NamespaceAsync(), network, 3);
        var ports = await h.Plumbing.AttachAsync(server, CancellationToken.None);
        await h.Plumbing.AttachAsync(client, CancellationToken.None);

        var port = Assert.Single(ports);
        Assert.Equal(("tcp", 80, ""), (port.Protocol, port.ContainerPort, port.HostIp));
        Assert.InRange(port.HostPort, 1, 65535);
        using (var echo = await EchoServer.StartAsync(server.NamespacePath, 4))
        {
            Assert.Equal("echo:loopback", await SendAsync(IPAddress.Loopback, port.HostPort, "loopback"));
            Assert.Equal("echo:gateway", await SendAsync(IPAddress.Parse(network.Gateway), port.HostPort, "gateway"));
            var fromContainer = await h.InAsync(client.ContainerId, "/usr/bin/python3", "-c",
                $"import socket; s = socket.create_connection(('{network.Gateway}', {port.HostPort}), 3); s.sendall(b'neighbour'); print(s.recv(100).decode())");
            Assert.Equal("echo:neighbour", fromContainer.Output.Trim());
            // Hairpin: the container reaches its own published port through the host.
            var fromItself = await h.InAsync(server.ContainerId, "/usr/bin/python3", "-c",
                $"import socket; s = socket.create_connection(('{network.Gateway}', {port.HostPort}), 3); s.sendall(b'itself'); print(s.recv(100).decode())");
            Assert.Equal("echo:itself", fromItself.Output.Trim());
        }

        await h.Plumbing.DetachAsync(server, CancellationToken.None);
        await h.Plumbing.DetachAsync(client, CancellationToken.None);
        // The port is free again.
        using var after = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        after.Bind(new IPEndPoint(IPAddress.Any, port.HostPort));
    }

    [RootFact]
    public async Task A_published_udp_port_answers_from_the_container()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        var a = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("udp", 80, "127.0.0.1", 0));
        var port = Assert.Single(await h.Plumbing.AttachAsync(a, CancellationToken.None)).HostPort;
        using var echo = await EchoServer.StartAsync(a.NamespacePath, 1, "udp");

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(Encoding.ASCII.GetBytes("datagram"), new IPEndPoint(IPAddress.Loopback, port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var answer = await client.ReceiveAsync(timeout.Token);
        Assert.Equal("echo:datagram", Encoding.ASCII.GetString(answer.Buffer));
    }

    [RootFact]
    public async Task A_host_port_in_use_is_a_conflict_that_leaves_nothing_made()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        using var host = new TcpListener(IPAddress.Any, 0);
        host.Start();
        var taken = ((IPEndPoint)host.LocalEndpoint).Port;
        var a = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("tcp", 80, "", taken));
        var before = await h.OwnRulesAsync();

        var e = await Assert.ThrowsAsync<EngineException>(() => h.Plumbing.AttachAsync(a, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Bind for 0.0.0.0:{taken} failed: port is already allocated", e.Message);
        Assert.Equal(before, await h.OwnRulesAsync());
        Assert.Empty(NetworkHarness.Ports(network));
        Assert.DoesNotContain("eth0", (await h.InAsync(a.ContainerId, "ip", "-o", "link")).Output);

        // A second container asking for a port the first one holds fails the same way, and the first keeps working.
        var first = h.Attachment(await h.NamespaceAsync(), network, 3, new PortBinding("udp", 53, "127.0.0.1", 0));
        var held = Assert.Single(await h.Plumbing.AttachAsync(first, CancellationToken.None));
        var rulesOfFirst = await h.OwnRulesAsync();
        var second = h.Attachment(await h.NamespaceAsync(), network, 4, new PortBinding("udp", 53, "127.0.0.1", held.HostPort));
        e = await Assert.ThrowsAsync<EngineException>(() => h.Plumbing.AttachAsync(second, CancellationToken.None));
        Assert.Equal($"Bind for 127.0.0.1:{held.HostPort} failed: port is already allocated", e.Message);
        Assert.Single(NetworkHarness.Ports(network));
        Assert.Equal(rulesOfFirst, await h.OwnRulesAsync());
    }

    [RootFact]
    public async Task After_a_restart_the_ports_are_taken_again_and_detach_works_from_the_cache()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        var a = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("tcp", 80, "127.0.0.1", 0));
        var port = Assert.Single(await h.Plumbing.AttachAsync(a, CancellationToken.None)).HostPort;

        var plumbing = h.Restart(); // the old instance's sockets are closed, as when the daemon exits
        Assert.Equal(h.Plumbing.FindNamespace(a.ContainerId), a.NamespacePath);
        await plumbing.RestoreAsync(a, CancellationToken.None);
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, port)));
        using (var echo = await EchoServer.StartAsync(a.NamespacePath, 1))
            Assert.Equal("echo:restored", await SendAsync(IPAddress.Loopback, port, "restored"));

        var veths = NetworkHarness.Ports(network);
        Assert.Contains(NetworkHarness.PortmapChain(a), string.Join('\n', await h.OwnRulesAsync()));
        // The engine asks with the attachment it stored (host port 0); the cache knows the port really used.
        await plumbing.DetachAsync(a, CancellationToken.None);
        Assert.All(veths, v => Assert.False(Directory.Exists("/sys/class/net/" + v), v + " is left"));
        Assert.DoesNotContain(NetworkHarness.PortmapChain(a), string.Join('\n', await h.OwnRulesAsync()));
        using var free = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        free.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [RootFact]
    public async Task Detach_after_the_namespace_is_gone_still_removes_the_containers_rules()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        var a = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("tcp", 80, "", 0));
        await h.Plumbing.AttachAsync(a, CancellationToken.None);
        await h.Plumbing.AttachAsync(a, CancellationToken.None); // again: already attached, nothing changes
        var veths = NetworkHarness.Ports(network);
        Assert.Single(veths);

        // A crash order: the namespace goes first (its veth end dies with it), then the engine detaches.
        await h.Plumbing.RemoveNamespaceAsync(a.ContainerId, CancellationToken.None);
        await h.Plumbing.DetachAsync(a, CancellationToken.None);

        var own = string.Join('\n', await h.OwnRulesAsync());
        Assert.DoesNotContain(NetworkHarness.PortmapChain(a), own);
        Assert.DoesNotContain(a.Address, own);
        await Poll.UntilAsync(() => !Directory.Exists("/sys/class/net/" + veths[0]), "the veth to go with its namespace", 10);
    }

    [RootFact]
    public async Task Attaching_a_new_namespace_on_the_same_path_undoes_the_stale_attachment_first()
    {
        await using var h = new NetworkHarness();
        var network = h.Network();
        var a = h.Attachment(await h.NamespaceAsync(), network, 2, new PortBinding("tcp", 80, "127.0.0.1", 0));
        var port = Assert.Single(await h.Plumbing.AttachAsync(a, CancellationToken.None)).HostPort;

        // A crash between removing the namespace and detaching; the container then starts again in a new namespace.
        await h.Plumbing.RemoveNamespaceAsync(a.ContainerId, CancellationToken.None);
        Assert.Equal(a.NamespacePath, await h.Plumbing.CreateNamespaceAsync(a.ContainerId, CancellationToken.None));
        var again = Assert.Single(await h.Plumbing.AttachAsync(a with { Ports = [new PortBinding("tcp", 8080, "127.0.0.1", port)] }, CancellationToken.None));

        Assert.Equal(("tcp", 8080, port), (again.Protocol, again.ContainerPort, again.HostPort));
        Assert.Equal(0, (await h.PingAsync(a.ContainerId, network.Gateway)).Exit);
        using (var echo = await EchoServer.StartAsync(a.NamespacePath, 1, port: 8080))
            Assert.Equal("echo:again", await SendAsync(IPAddress.Loopback, port, "again"));
        var dnat = (await h.OwnRulesAsync()).Count(l => l.StartsWith("-A CNI-HOSTPORT-DNAT", StringComparison.Ordinal));
        Assert.Equal(1, dnat);
    }

    [RootFact]
    public async Task An_internal_network_has_no_route_out_and_nothing_crosses_its_bridge()
    {
        await using var h = new NetworkHarness();
        var isolated = h.Network(isInternal: true);
        var open = h.Network();
        var inside = h.Attachment(await h.NamespaceAsync(), isolated, 2);
        var outside = h.Attachment(await h.NamespaceAsync(), open, 2);
        await h.Plumbing.AttachAsync(inside, CancellationToken.None);
        await h.Plumbing.AttachAsync(outside, CancellationToken.None);

        Assert.DoesNotContain("default", (await h.InAsync(inside.ContainerId, "ip", "route")).Output);
        Assert.NotEqual(0, (await h.PingAsync(inside.ContainerId, outside.Address)).Exit);
        Assert.Equal(0, (await h.PingAsync(outside.ContainerId, open.Gateway)).Exit);
        // Even given a route, the host forwards nothing out of or into the internal bridge.
        Assert.Equal(0, (await h.InAsync(inside.ContainerId, "ip", "route", "add", "default", "via", isolated.Gateway)).Exit);
        Assert.NotEqual(0, (await h.PingAsync(inside.ContainerId, outside.Address)).Exit);
        Assert.NotEqual(0, (await h.PingAsync(outside.ContainerId, inside.Address)).Exit);

        // The control: between two ordinary networks the same ping goes through.
        var other = h.Network();
        var neighbour = h.Attachment(await h.NamespaceAsync(), other, 2);
        await h.Plumbing.AttachAsync(neighbour, CancellationToken.None);
        Assert.Equal(0, (await h.PingAsync(neighbour.ContainerId, outside.Address)).Exit);
    }

    [RootFact]
    public async Task Without_icc_containers_on_one_bridge_cannot_reach_each_other_but_reach_the_gateway()
    {
        await using var h = new NetworkHarness();
        var network = h.Network(icc: false);
        var a = h.Attachment(await h.NamespaceAsync(), network, 2);
        var b = h.Attachment(await h.NamespaceAsync(), network, 3);
        await h.Plumbing.AttachAsync(a, CancellationToken.None);
        await h.Plumbing.AttachAsync(b, CancellationToken.None);

        Assert.Equal(0, (await h.PingAsync(a.ContainerId, network.Gateway)).Exit);
        Assert.NotEqual(0, (await h.PingAsync(a.ContainerId, b.Address)).Exit);
    }

    static async Task<string> SendAsync(IPAddress address, int port, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(address, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
