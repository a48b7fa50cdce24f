using System.Net;
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
        var host = Assert.IsType<UnixHostAddress>(HostAddress.Parse(text));
        Assert.Equal(path, host.SocketPath);
        Assert.Equal($"unix://{path}", host.ToString());
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2376", false, "127.0.0.1:2376")]
    [InlineData("tcp://0.0.0.0:2375", false, "0.0.0.0:2375")]
    [InlineData("127.0.0.1:9000", false, "127.0.0.1:9000")]
    [InlineData("tcp://:8080", false, "127.0.0.1:8080")]
    [InlineData("tcp://localhost:8080", false, "127.0.0.1:8080")]
    [InlineData("tcp://", false, "127.0.0.1:2375")]
    [InlineData("tcp://", true, "127.0.0.1:2376")]
    [InlineData("tcp://10.0.0.5", true, "10.0.0.5:2376")]
    [InlineData("tcp://[::1]:2376", false, "[::1]:2376")]
    [InlineData("tcp://[::]:2376", false, "[::]:2376")]
    [InlineData("tcp://[::1]", true, "[::1]:2376")]
    [InlineData("tcp://127.0.0.1:0", true, "127.0.0.1:0")]
    public void Tcp_addresses_follow_dockerd(string text, bool tls, string endPoint)
    {
        var host = Assert.IsType<TcpHostAddress>(HostAddress.Parse(text, tls));
        Assert.Equal(IPEndPoint.Parse(endPoint), host.EndPoint);
        Assert.Equal($"tcp://{endPoint}", host.ToString());
    }

    [Theory]
    [InlineData("fd://", null)]
    [InlineData("fd://3", 3)]
    [InlineData("FD://7", 7)]
    public void Systemd_sockets_are_accepted(string text, int? fd)
    {
        var host = Assert.IsType<FdHostAddress>(HostAddress.Parse(text));
        Assert.Equal(fd, host.Fd);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:99999", "Invalid bind address format: tcp://127.0.0.1:99999")]
    [InlineData("tcp://127.0.0.1:http", "Invalid bind address format: tcp://127.0.0.1:http")]
    [InlineData("tcp://127.0.0.1:2376/path", "Invalid bind address format: tcp://127.0.0.1:2376/path")]
    [InlineData("tcp://::1:2376", "put an IPv6 address in brackets")]
    [InlineData("tcp://[::1:2376", "Invalid bind address format: tcp://[::1:2376")]
    [InlineData("tcp://example.com:2376", "\"example.com\" is not an IP address")]
    [InlineData("tcp://10.1:2376", "\"10.1\" is not an IP address")]
    [InlineData("fd://2", "fd://N needs a file descriptor number of 3 or more")]
    [InlineData("fd://x", "fd://N needs a file descriptor number of 3 or more")]
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
