using System.Net;
using System.Net.Sockets;
using Wharf.Engine.Linux.Networks;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Tests.Networks;

public sealed class PortReservationsTests
{
    [Fact]
    public void Host_port_zero_gets_a_free_port_that_nobody_else_can_bind_until_released()
    {
        using var reservations = new PortReservations();
        var bound = reservations.Reserve("c1/n", [new PortBinding("tcp", 80, "127.0.0.1", 0), new PortBinding("udp", 53, "127.0.0.1", 0)]);
        Assert.All(bound, b => Assert.InRange(b.HostPort, 1, 65535));

        using (var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            // Even with SO_REUSEADDR (what most servers set) the held port cannot be taken.
            other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            Assert.Throws<SocketException>(() => other.Bind(new IPEndPoint(IPAddress.Loopback, bound[0].HostPort)));
        }
        var e = Assert.Throws<EngineException>(() => reservations.Reserve("c2/n", [new PortBinding("udp", 53, "127.0.0.1", bound[1].HostPort)]));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Bind for 127.0.0.1:{bound[1].HostPort} failed: port is already allocated", e.Message);

        reservations.Release("c1/n");
        using var after = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        after.Bind(new IPEndPoint(IPAddress.Loopback, bound[0].HostPort));
    }

    [Fact]
    public void A_port_held_by_a_host_program_is_a_conflict_and_nothing_stays_reserved()
    {
        using var host = new TcpListener(IPAddress.Any, 0);
        host.Start();
        var taken = ((IPEndPoint)host.LocalEndpoint).Port;
        using var reservations = new PortReservations();

        var e = Assert.Throws<EngineException>(() =>
            reservations.Reserve("c1/n", [new PortBinding("tcp", 81, "", 0), new PortBinding("tcp", 80, "", taken)]));
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal($"Bind for 0.0.0.0:{taken} failed: port is already allocated", e.Message);
        Assert.False(reservations.Holds("c1/n"));
    }

    [Fact]
    public void Repeating_a_reservation_returns_what_is_held()
    {
        using var reservations = new PortReservations();
        var first = reservations.Reserve("c1/n", [new PortBinding("tcp", 80, "127.0.0.1", 0)]);
        Assert.Equal(first, reservations.Reserve("c1/n", [new PortBinding("tcp", 80, "127.0.0.1", 0)]));
    }

    [Theory]
    [InlineData("sctp", "")]
    [InlineData("tcp", "::1")]
    [InlineData("tcp", "not-an-ip")]
    public void Unsupported_protocols_and_addresses_are_invalid(string protocol, string hostIp)
    {
        using var reservations = new PortReservations();
        var e = Assert.Throws<EngineException>(() => reservations.Reserve("c1/n", [new PortBinding(protocol, 80, hostIp, 0)]));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }
}
