using Wharf.Engine.Containers;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Bundles;

public sealed class NetworkFilesTests : IDisposable
{
    readonly BundleHarness h = new();

    public void Dispose() => h.Dispose();

    string Read(string name) => File.ReadAllText(Path.Combine(h.ContainerDir, name));

    [Fact]
    public async Task Files_are_written_and_bind_mounted_from_the_container_dir()
    {
        var spec = await h.WriteAsync();
        foreach (var (name, dest) in new[] { ("hostname", "/etc/hostname"), ("hosts", "/etc/hosts"), ("resolv.conf", "/etc/resolv.conf") })
        {
            var m = spec.Mount(dest);
            Assert.Equal(Path.Combine(h.ContainerDir, name), m.GetProperty("source").GetString());
            Assert.Equal(["rbind", "rprivate"], m.GetProperty("options").Strings());
        }
        Assert.Equal("0123456789ab\n", Read("hostname"));
    }

    [Fact]
    public async Task Hosts_has_localhost_extra_hosts_and_the_container()
    {
        await h.WriteAsync(h.Request(new RunConfig { Hostname = "web", Domainname = "example.org" },
            new HostSettings { ExtraHosts = ["db:10.1.2.3", "v6:fd00::1"] }) with { IPAddress = "172.17.0.2" });
        Assert.Equal("""
            127.0.0.1	localhost
            ::1	localhost ip6-localhost ip6-loopback
            fe00::0	ip6-localnet
            ff00::0	ip6-mcastprefix
            ff02::1	ip6-allnodes
            ff02::2	ip6-allrouters
            10.1.2.3	db
            fd00::1	v6
            172.17.0.2	web.example.org web

            """.ReplaceLineEndings("\n"), Read("hosts"));
    }

    [Fact]
    public async Task Without_an_address_the_hostname_resolves_to_loopback()
    {
        await h.WriteAsync();
        Assert.EndsWith("127.0.0.1\t0123456789ab\n", Read("hosts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_extra_hosts_are_invalid()
    {
        Assert.Equal("invalid extra host entry: nocolon", (await h.FailAsync(host: new HostSettings { ExtraHosts = ["nocolon"] })).Message);
        Assert.Equal("unable to derive the IP value for host-gateway",
            (await h.FailAsync(host: new HostSettings { ExtraHosts = ["gw:host-gateway"] })).Message);
    }

    [Fact]
    public async Task Host_network_copies_the_hosts_files_and_uses_the_host_name()
    {
        await h.WriteAsync(host: new HostSettings { NetworkMode = "host", ExtraHosts = ["db:10.1.2.3"] });
        Assert.Equal("127.0.0.1\tlocalhost\n10.0.0.5\tbuildhost\n10.1.2.3\tdb\n", Read("hosts"));
        Assert.Equal("buildhost\n", Read("hostname"));
        Assert.Equal(File.ReadAllText(h.HostResolvConf), Read("resolv.conf"));
    }

    [Fact]
    public async Task Bridge_resolv_conf_drops_loopback_nameservers()
    {
        await h.WriteAsync();
        Assert.Equal("# host resolver\nsearch example.com\nnameserver 10.0.0.2\noptions edns0\n", Read("resolv.conf"));
    }

    [Fact]
    public async Task Only_loopback_nameservers_fall_back_to_public_ones()
    {
        File.WriteAllText(h.HostResolvConf, "nameserver 127.0.0.53\nnameserver ::1\nnameserver fd00::53\n");
        await h.WriteAsync();
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", Read("resolv.conf"));
    }

    [Fact]
    public async Task Dns_overrides_replace_their_part_and_keep_the_rest()
    {
        await h.WriteAsync(host: new HostSettings { Dns = ["1.1.1.1", "9.9.9.9"] });
        Assert.Equal("search example.com\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions edns0\n", Read("resolv.conf"));

        await h.WriteAsync(host: new HostSettings { DnsSearch = ["corp.local"], DnsOptions = ["ndots:2", "timeout:1"] });
        Assert.Equal("search corp.local\nnameserver 10.0.0.2\noptions ndots:2 timeout:1\n", Read("resolv.conf"));

        await h.WriteAsync(host: new HostSettings { DnsSearch = ["."] });
        Assert.Equal("nameserver 10.0.0.2\noptions edns0\n", Read("resolv.conf"));
    }

    [Fact]
    public async Task A_missing_host_resolv_conf_still_gives_nameservers()
    {
        File.Delete(h.HostResolvConf);
        await h.WriteAsync();
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", Read("resolv.conf"));
    }
}
