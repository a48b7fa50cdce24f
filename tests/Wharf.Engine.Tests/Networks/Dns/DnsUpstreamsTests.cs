using System.Net;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Tests.Networks.Dns;

public sealed class DnsUpstreamsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wharf-dns-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Parses_addresses_with_and_without_ports()
    {
        var parsed = DnsUpstreams.Parse(["10.0.0.2", "10.0.0.3:5353", "2001:db8::1", "[2001:db8::2]:5300", " 127.0.0.53 "]);
        Assert.Equal([
            new IPEndPoint(IPAddress.Parse("10.0.0.2"), 53),
            new IPEndPoint(IPAddress.Parse("10.0.0.3"), 5353),
            new IPEndPoint(IPAddress.Parse("2001:db8::1"), 53),
            new IPEndPoint(IPAddress.Parse("2001:db8::2"), 5300),
            new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53),
        ], parsed);
    }

    [Theory]
    [InlineData("dns.example")]
    [InlineData("10.0.0.2:")]
    [InlineData("10.0.0.2:0")]
    [InlineData("10.0.0.2:70000")]
    [InlineData("[2001:db8::1]")]
    [InlineData("")]
    public void Refuses_what_is_not_an_address(string entry)
    {
        var e = Assert.Throws<FormatException>(() => DnsUpstreams.Parse([entry]));
        Assert.Contains("invalid dns upstream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_nameservers_of_a_resolv_conf()
    {
        const string conf = "# generated\nsearch example.org\nnameserver 10.0.0.2\n  nameserver\t127.0.0.53 # local\n;nameserver 10.9.9.9\nnameserver fe80::1%eth0\nnameserver bogus\noptions ndots:2\n";
        var servers = DnsUpstreams.ParseResolvConf(conf);
        Assert.Equal(["10.0.0.2:53", "127.0.0.53:53"], servers.Take(2).Select(s => s.ToString()));
        Assert.Equal(3, servers.Count);
        Assert.Equal(IPAddress.Parse("fe80::1%eth0"), servers[2].Address);
    }

    [Fact]
    public void Configured_servers_win_else_the_host_file_is_read_again_when_it_changes()
    {
        var path = Path.Combine(dir, "resolv.conf");
        File.WriteAllText(path, "nameserver 10.0.0.2\n");
        var configured = new DnsUpstreams(new DnsUpstreamOptions { Servers = DnsUpstreams.Parse(["10.1.1.1"]), ResolvConfPath = path });
        Assert.Equal(["10.1.1.1:53"], configured.Current().Select(s => s.ToString()));

        var host = new DnsUpstreams(new DnsUpstreamOptions { ResolvConfPath = path });
        Assert.Equal(["10.0.0.2:53"], host.Current().Select(s => s.ToString()));
        File.WriteAllText(path, "nameserver 10.0.0.3\nnameserver 10.0.0.4\n");
        Assert.Equal(["10.0.0.3:53", "10.0.0.4:53"], host.Current().Select(s => s.ToString()));

        File.Delete(path);
        Assert.Empty(host.Current());
    }
}
