using Wharf.Daemon.Config;
using static Wharf.Daemon.Tests.Config.ConfigResolution;

namespace Wharf.Daemon.Tests.Config;

/// <summary>The TLS flags and daemon.json keys: dockerd's names and meaning, with the files spelled out.</summary>
public sealed class TlsConfigTests
{
    [Fact]
    public void No_tls_flag_means_no_tls()
    {
        var options = Resolve(new DaemonFlags { TlsCert = "/c.pem", TlsKey = "/k.pem" });
        Assert.Null(options.Tls);
        Assert.False(options.InsecureTcp);
    }

    [Fact]
    public void Tlsverify_implies_tls_and_takes_the_three_files()
    {
        var options = Resolve(new DaemonFlags { TlsVerify = true, TlsCaCert = "/t/ca.pem", TlsCert = "/t/../t/server-cert.pem", TlsKey = "/t/server-key.pem" });
        Assert.Equal(new DaemonTlsOptions("/t/server-cert.pem", "/t/server-key.pem", "/t/ca.pem", Verify: true), options.Tls);
    }

    [Fact]
    public void Tls_without_verify_needs_no_ca()
    {
        var options = Resolve(file: new DaemonFileSettings { Tls = true, TlsCert = "/c.pem", TlsKey = "/k.pem" });
        Assert.Equal(new DaemonTlsOptions("/c.pem", "/k.pem", null, Verify: false), options.Tls);
    }

    [Fact]
    public void Tlsverify_without_a_ca_is_refused()
    {
        Assert.Equal(
            "--tlsverify needs --tlscacert: the CA whose client certificates are accepted (`wharfd tls init DIR` makes ca.pem)",
            Fails(new DaemonFlags { TlsVerify = true, TlsCert = "/c.pem", TlsKey = "/k.pem" }));
    }

    [Theory]
    [InlineData(true, null, "/k.pem", "--tlsverify needs --tlscert and --tlskey")]
    [InlineData(false, "/c.pem", null, "--tls needs --tlscert and --tlskey")]
    public void Tls_without_the_server_pair_is_refused(bool verify, string? cert, string? key, string expected)
    {
        var flags = new DaemonFlags { Tls = true, TlsVerify = verify, TlsCaCert = "/ca.pem", TlsCert = cert, TlsKey = key };
        Assert.StartsWith(expected, Fails(flags), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_and_file_mix_as_dockerd_allows_and_conflicts_are_reported()
    {
        var options = Resolve(new DaemonFlags { TlsVerify = true }, new DaemonFileSettings { TlsCaCert = "/ca.pem", TlsCert = "/c.pem", TlsKey = "/k.pem" });
        Assert.True(options.Tls!.Verify);
        var message = Fails(new DaemonFlags { TlsCert = "/a.pem", InsecureTcp = true }, new DaemonFileSettings { TlsCert = "/b.pem", InsecureTcp = false });
        Assert.EndsWith("tlscert: (from flag: /a.pem, from file: /b.pem), insecure-tcp: (from flag: true, from file: false)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_tcp_host_gets_the_tls_port_with_tls()
    {
        var flags = new DaemonFlags { Hosts = ["tcp://", "unix:///w.sock"], TlsVerify = true, TlsCaCert = "/ca.pem", TlsCert = "/c.pem", TlsKey = "/k.pem" };
        var hosts = Resolve(flags).Hosts;
        Assert.Equal("tcp://127.0.0.1:2376", hosts[0].ToString());
        Assert.Equal(new UnixHostAddress("/w.sock"), hosts[1]);
    }

    [Fact]
    public void The_daemon_json_keys_are_honoured()
    {
        var settings = DaemonConfigFile.Parse("""
            {"tls": true, "tlsverify": true, "tlscacert": "/ca.pem", "tlscert": "/c.pem", "tlskey": "/k.pem", "insecure-tcp": false,
             "hosts": ["tcp://127.0.0.1:2376", "fd://"]}
            """, ConfigPath);
        Assert.Empty(settings.UnhonouredKeys);
        Assert.Equal((true, true, "/ca.pem", "/c.pem", "/k.pem", false), (settings.Tls, settings.TlsVerify, settings.TlsCaCert, settings.TlsCert, settings.TlsKey, settings.InsecureTcp));
        var options = DaemonConfigResolver.Resolve(new DaemonFlags(), settings, ConfigPath).Options;
        Assert.Equal(["tcp://127.0.0.1:2376", "fd://"], options.Hosts.Select(h => h.ToString()));
    }
}
