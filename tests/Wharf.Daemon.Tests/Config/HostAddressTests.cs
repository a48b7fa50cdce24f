using Wharf.Daemon.Config;

namespace Wharf.Daemon.Tests.Config;

public sealed class HostAddressTests
{
    [Theory]
    [InlineData("unix:///var/run/wharf.sock", "/var/run/wharf.sock")]
    [InlineData("unix:///tmp/x/../y.sock", "/tmp/y.sock")]
    [InlineData("UNIX:///a.sock", "/a.sock")]
    [InlineData("unix:///tmp/012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789.sock", "/tmp/012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789.sock")]
    [InlineData("unix://", "/var/run/wharf.sock")]
    public void Unix_sockets_are_accepted(string text, string path)
    {
        var host = HostAddress.Parse(text);
        Assert.Equal(path, host.SocketPath);
        Assert.Equal($"unix://{path}", host.ToString());
    }

    [Theory]
    [InlineData("tcp://0.0.0.0:2376", "TCP listeners are not supported yet")]
    [InlineData("127.0.0.1:2375", "TCP listeners are not supported yet")]
    [InlineData("fd://", "socket activation (fd://) is not supported yet")]
    [InlineData("ssh://me@host", "Invalid bind address format: ssh://me@host")]
    [InlineData("unix://relative.sock", "the unix socket path must be absolute")]
    [InlineData("", "Invalid bind address format: ")]
    [InlineData("unix:///tmp/0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789.sock", "the socket path is longer than 107 bytes")]
    public void Other_hosts_are_refused_with_a_clear_message(string text, string expected)
    {
        var e = Assert.Throws<DaemonStartupException>(() => HostAddress.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
