using Wharf.Cli.Hosts;
using Wharf.Client;

namespace Wharf.Cli.Tests.Remote;

/// <summary>ssh:// URLs parsed with the docker CLI's rules, and the ssh command line built from them as docker's connection helper builds it.</summary>
public sealed class SshDestinationTests
{
    [Fact]
    public void User_host_port_and_socket_path_become_ssh_options_and_the_remote_command()
    {
        var d = SshDestination.Parse("ssh://me@build-box:2222/run/wharf/wharf.sock");
        Assert.Equal(new SshDestination("me", "build-box", 2222, "/run/wharf/wharf.sock"), d);
        Assert.Equal(["-o", "ConnectTimeout=30", "-T", "-l", "me", "-p", "2222", "--", "build-box", "wharf", "--host=unix:///run/wharf/wharf.sock", "system", "dial-stdio"],
                     d.SshArguments());
        Assert.Equal("ssh://me@build-box:2222/run/wharf/wharf.sock", d.ToString());
    }

    [Fact]
    public void A_bare_host_runs_the_remote_default()
    {
        Assert.Equal(["-o", "ConnectTimeout=30", "-T", "--", "box", "wharf", "system", "dial-stdio"], SshDestination.Parse("ssh://box").SshArguments());
        Assert.Equal(new SshDestination(null, "box", null, null), SshDestination.Parse("ssh://box/"));
        Assert.Equal(new SshDestination(null, "::1", 22, null), SshDestination.Parse("ssh://[::1]:22"));
        Assert.Equal(["-o", "ConnectTimeout=30", "-T", "--", "box", "docker", "system", "dial-stdio"], SshDestination.Parse("ssh://box").SshArguments("docker"));
    }

    [Fact]
    public void A_socket_path_the_remote_shell_would_split_is_quoted()
        => Assert.Equal("'--host=unix:///tmp/my dir/it'\\''s.sock'", SshDestination.Parse("ssh://box/tmp/my%20dir/it's.sock").SshArguments()[6]);

    [Theory]
    [InlineData("ssh://me:secret@box", "invalid ssh URL: plain-text password is not supported")]
    [InlineData("ssh://box?x=1", "invalid ssh URL: query parameters are not allowed: \"x=1\"")]
    [InlineData("ssh://box#frag", "invalid ssh URL: fragments are not allowed: \"frag\"")]
    [InlineData("ssh://me@", "invalid ssh URL: hostname is empty")]
    [InlineData("ssh://box:99999", "invalid ssh URL: invalid port \":99999\" after host")]
    public void Docker_s_invalid_urls_are_refused_with_its_reasons(string url, string reason)
    {
        Assert.Equal(reason, Assert.Throws<FormatException>(() => SshDestination.Parse(url)).Message);
        Assert.Equal($"ssh host connection is not valid: {reason}", Assert.Throws<CliException>(() => DaemonHost.Parse(url, tls: false)).Message);
    }

    [Fact]
    public void Daemon_hosts_and_contexts_accept_ssh()
    {
        var host = DaemonHost.Parse("ssh://root@10.0.0.5", tls: false);
        Assert.Equal(("ssh", "10.0.0.5", 22), (host.Scheme, host.Address, host.Port));
        Assert.Equal("ssh://root@10.0.0.5", host.ToString());
    }

    [Fact]
    public void A_command_that_ends_badly_is_described_with_its_stderr_and_a_hint()
    {
        var connection = new Connection(DaemonHost.Parse("ssh://root@box", false), null, "default");
        var notFound = new HttpRequestException("x", new CommandConnectionException("ssh -- box wharf system dial-stdio", 127, "bash: line 1: wharf: command not found"));
        Assert.Equal("Cannot connect to the Wharf daemon at ssh://root@box: command [ssh -- box wharf system dial-stdio] has exited with exit status 127: "
            + "stderr=bash: line 1: wharf: command not found. Is wharf installed on the remote host, on the PATH of a non-interactive ssh session (see \"Over ssh\" in the README)?",
            ConnectionErrors.Describe(notFound, connection));
    }
}
