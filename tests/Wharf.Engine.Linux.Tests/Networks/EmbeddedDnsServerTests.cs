using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks.Dns;
using Wharf.Testing.Dns;

namespace Wharf.Engine.Linux.Tests.Networks;

/// <summary>
/// The embedded DNS in real network namespaces: clients inside them ask 127.0.0.11; other names go to a fake upstream
/// on the host's 127.0.0.1 (the daemon's namespace), never to a real resolver.
/// </summary>
public sealed class EmbeddedDnsServerTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    static EmbeddedDnsServer Server(IContainerNames names, FakeDnsUpstream upstream) => new(
        new DnsResponder(names, new DnsUpstreams(new DnsUpstreamOptions { Servers = [upstream.Endpoint], Timeout = TimeSpan.FromSeconds(2) }),
            NullLogger<DnsResponder>.Instance),
        NullLogger<EmbeddedDnsServer>.Instance);

    [RootFact]
    public async Task Answers_names_inside_the_namespace_and_forwards_the_rest_from_the_host()
    {
        var names = new FakeContainerNames().Add("c1", "web", IPAddress.Parse("172.18.0.2"));
        await using var upstream = new FakeDnsUpstream(FakeUpstreamMode.Answer);
        await using var ns = await TestNetworkNamespace.CreateAsync();
        var server = Server(names, upstream);
        try
        {
            await server.StartAsync("c1", ns.Path, [], Ct);
            await server.StartAsync("c1", ns.Path, [], Ct); // a second start for the same container does nothing

            // busybox's nslookup, as a user in a container would run it.
            var nslookup = await ns.RunInsideAsync("busybox", "nslookup", "web", "127.0.0.11");
            Assert.Contains("Address: 172.18.0.2", nslookup, StringComparison.Ordinal);
            var reverse = await ns.RunInsideAsync("busybox", "nslookup", "172.18.0.2", "127.0.0.11");
            Assert.Contains("name = web", reverse, StringComparison.Ordinal);

            Assert.Equal("rcode=0 tc=0 answers=172.18.0.2", await DnsProbe.AskAsync(ns.Path, "udp", "WEB."));
            Assert.Equal("rcode=0 tc=0 answers=172.18.0.2", await DnsProbe.AskAsync(ns.Path, "tcp", "web"));
            Assert.Equal("rcode=0 tc=0 answers=", await DnsProbe.AskAsync(ns.Path, "udp", "web", type: 28));

            // Not a container: forwarded from the daemon's namespace to the upstream on the host's loopback.
            Assert.Equal("rcode=0 tc=0 answers=192.0.2.53", await DnsProbe.AskAsync(ns.Path, "udp", "outside.example"));
            Assert.Equal("rcode=0 tc=0 answers=192.0.2.53", await DnsProbe.AskAsync(ns.Path, "tcp", "outside.example"));
            Assert.Contains(upstream.Received, r => r.Transport == "udp");
            Assert.Contains(upstream.Received, r => r.Transport == "tcp");
            // Nothing was bound in the host's namespace.
            Assert.False(ListeningOnHost());

            Assert.Equal("answered=200", await DnsProbe.FloodAsync(ns.Path, "web", 200));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [RootFact]
    public async Task Stop_frees_the_port_and_a_second_start_serves_again()
    {
        var names = new FakeContainerNames().Add(null, "web", IPAddress.Parse("172.18.0.2"));
        await using var upstream = new FakeDnsUpstream(FakeUpstreamMode.Answer);
        await using var ns = await TestNetworkNamespace.CreateAsync();
        var server = Server(names, upstream);
        try
        {
            await server.StartAsync("c1", ns.Path, [], Ct);
            Assert.Equal("rcode=0 tc=0 answers=172.18.0.2", await DnsProbe.AskAsync(ns.Path, "udp", "web"));
            await server.StopAsync("c1");
            await server.StopAsync("c1"); // not served: nothing

            // Both ports are free: something else can bind them in the namespace.
            await ns.RunInsideAsync("python3", "-c",
                "import socket\nfor t in (socket.SOCK_DGRAM, socket.SOCK_STREAM):\n s = socket.socket(socket.AF_INET, t); s.bind(('127.0.0.11', 53)); s.close()");

            await server.StartAsync("c1", ns.Path, [], Ct);
            Assert.Equal("rcode=0 tc=0 answers=172.18.0.2", await DnsProbe.AskAsync(ns.Path, "tcp", "web"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [RootFact]
    public async Task Each_container_is_answered_with_its_own_names()
    {
        var names = new FakeContainerNames().Add("c1", "web", IPAddress.Parse("172.18.0.2")).Add("c2", "db", IPAddress.Parse("172.19.0.3"));
        await using var upstream = new FakeDnsUpstream(FakeUpstreamMode.Answer);
        await using var first = await TestNetworkNamespace.CreateAsync();
        await using var second = await TestNetworkNamespace.CreateAsync();
        var server = Server(names, upstream);
        try
        {
            await Task.WhenAll(server.StartAsync("c1", first.Path, [], Ct), server.StartAsync("c2", second.Path, [], Ct));
            Assert.Equal("rcode=0 tc=0 answers=172.18.0.2", await DnsProbe.AskAsync(first.Path, "udp", "web"));
            Assert.Equal("rcode=0 tc=0 answers=172.19.0.3", await DnsProbe.AskAsync(second.Path, "udp", "db"));
            // c2 is not on web's network: its question goes upstream, as dockerd's would.
            Assert.Equal("rcode=0 tc=0 answers=192.0.2.53", await DnsProbe.AskAsync(second.Path, "udp", "web"));

            await server.StopAsync("c1");
            Assert.Equal("rcode=0 tc=0 answers=172.19.0.3", await DnsProbe.AskAsync(second.Path, "tcp", "db"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [RootFact]
    public async Task A_second_server_in_the_same_namespace_fails_with_the_address_in_use()
    {
        await using var upstream = new FakeDnsUpstream(FakeUpstreamMode.Answer);
        await using var ns = await TestNetworkNamespace.CreateAsync();
        var server = Server(new FakeContainerNames(), upstream);
        try
        {
            await server.StartAsync("owner", ns.Path, [], Ct);
            // A container sharing the namespace (--network container:owner) must not get a server of its own.
            var e = await Assert.ThrowsAsync<EngineException>(() => server.StartAsync("joined", ns.Path, [], Ct));
            Assert.Contains("in use", e.Message, StringComparison.OrdinalIgnoreCase);
            await server.StopAsync("joined"); // never served: nothing, and the owner's server still answers
            Assert.Equal("rcode=0 tc=0 answers=192.0.2.53", await DnsProbe.AskAsync(ns.Path, "udp", "outside.example"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [RootFact]
    public async Task A_missing_namespace_fails_start_and_leaves_nothing_served()
    {
        await using var upstream = new FakeDnsUpstream(FakeUpstreamMode.Answer);
        var server = Server(new FakeContainerNames(), upstream);
        try
        {
            var e = await Assert.ThrowsAsync<EngineException>(() => server.StartAsync("c1", "/nonexistent/ns/net", [], Ct));
            Assert.Equal(ErrorKind.Internal, e.Kind);
            Assert.Contains("/nonexistent/ns/net", e.Message, StringComparison.Ordinal);
            await server.StopAsync("c1");
            Assert.False(ListeningOnHost());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Whether anything listens on 127.0.0.11:53 in the test's (the host's) namespace: the server never should.</summary>
    static bool ListeningOnHost()
    {
        // /proc/net/{udp,tcp} list local addresses as little-endian hex: 127.0.0.11:53 is 0B00007F:0035.
        return File.ReadAllText("/proc/net/udp").Contains("0B00007F:0035", StringComparison.Ordinal) ||
               File.ReadAllText("/proc/net/tcp").Contains("0B00007F:0035", StringComparison.Ordinal);
    }
}
