using System.Net;
using Wharf.Daemon.Config;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tests.Hosting;

/// <summary>Which sockets wharfd serves on, and the rule that a network listener needs mutual TLS or an explicit opt-in.</summary>
public sealed class ListenerTests
{
    static readonly DaemonTlsOptions Verified = new("/c.pem", "/k.pem", "/ca.pem", Verify: true);
    static readonly DaemonTlsOptions Unverified = new("/c.pem", "/k.pem", null, Verify: false);
    static readonly Listener Unix = new UnixListener("/run/w.sock");
    static readonly Listener Tcp = new TcpSocketListener(IPEndPoint.Parse("127.0.0.1:2376"));

    [Fact]
    public void Plain_tcp_is_refused_without_the_opt_in_naming_the_address_and_the_flags()
    {
        var e = Assert.Throws<DaemonStartupException>(() => ListenerSecurity.Check([Unix, Tcp], tls: null, insecureTcp: false));
        Assert.StartsWith("cannot listen on tcp://127.0.0.1:2376 without TLS: anyone who can reach it would be root on this host.", e.Message, StringComparison.Ordinal);
        Assert.Contains("--tlsverify --tlscacert", e.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-tcp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_without_verification_is_refused_too()
    {
        var e = Assert.Throws<DaemonStartupException>(() => ListenerSecurity.Check([Tcp], Unverified, insecureTcp: false));
        Assert.Contains("with --tls but without --tlsverify", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_opt_in_allows_it_and_reports_the_listeners_to_warn_about()
    {
        Assert.Equal([Tcp], ListenerSecurity.Check([Unix, Tcp], tls: null, insecureTcp: true));
        Assert.Equal([Tcp], ListenerSecurity.Check([Unix, Tcp], Unverified, insecureTcp: true));
    }

    [Fact]
    public void Mutual_tls_and_unix_sockets_need_nothing_more()
    {
        Assert.Empty(ListenerSecurity.Check([Unix, Tcp], Verified, insecureTcp: false));
        Assert.Empty(ListenerSecurity.Check([Unix, new ActivatedListener(3, IsTcp: false)], tls: null, insecureTcp: false));
        Assert.Throws<DaemonStartupException>(() => ListenerSecurity.Check([new ActivatedListener(3, IsTcp: true)], tls: null, insecureTcp: false));
    }

    [Theory]
    [InlineData(null, "123", "123", new int[0])]
    [InlineData("123", null, "123", new int[0])]
    [InlineData("124", "2", "123", new int[0])]
    [InlineData("123", "0", "123", new int[0])]
    [InlineData("123", "2", "123", new[] { 3, 4 })]
    [InlineData("123", "x", "123", new int[0])]
    public void Socket_activation_takes_only_this_process_s_descriptors(string? pid, string? count, string own, int[] expected)
    {
        Assert.Equal(expected, SocketActivation.Parse(pid, count, int.Parse(own, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Fd_hosts_pick_from_the_passed_descriptors()
    {
        var all = ActivatedListener.For([new FdHostAddress(null), new FdHostAddress(4)], [3, 4], fd => fd == 4);
        Assert.Equal([new ActivatedListener(3, false), new ActivatedListener(4, true)], all);
        Assert.Equal([new ActivatedListener(4, true)], ActivatedListener.For([new FdHostAddress(4)], [3, 4], fd => fd == 4));
        Assert.Empty(ActivatedListener.For([new UnixHostAddress("/a.sock")], [], _ => false));

        var none = Assert.Throws<DaemonStartupException>(() => ActivatedListener.For([new FdHostAddress(null)], [], _ => false));
        Assert.Equal("cannot listen on fd://: no sockets found via socket activation: make sure the service was started by systemd", none.Message);
        var missing = Assert.Throws<DaemonStartupException>(() => ActivatedListener.For([new FdHostAddress(9)], [3], _ => false));
        Assert.Equal("cannot listen on fd://9: systemd passed file descriptors 3 only", missing.Message);
    }
}
