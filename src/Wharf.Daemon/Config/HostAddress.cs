using System.Globalization;
using System.Net;

namespace Wharf.Daemon.Config;

/// <summary>One validated <c>-H</c> listen address: a unix socket, a TCP address or systemd-activated sockets.</summary>
internal abstract record HostAddress
{
    public const string DefaultSocketPath = "/var/run/wharf.sock";
    public const int MaxSocketPathBytes = 107;
    /// <summary>dockerd's defaults for a bare <c>tcp://</c> (IANA's docker ports).</summary>
    public const int DefaultTcpPort = 2375;
    public const int DefaultTlsPort = 2376;

    /// <summary>
    /// Parses a host as dockerd does: no scheme means TCP; <c>unix://</c> alone means the default socket; a TCP
    /// address without a host means localhost, without a port 2376 with TLS (2375 without).
    /// </summary>
    public static HostAddress Parse(string value, bool tls = false)
    {
        var text = value.Trim();
        if (text.Length == 0) throw new DaemonStartupException($"Invalid bind address format: {value}");
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var (scheme, rest) = schemeEnd < 0 ? ("tcp", text) : (text[..schemeEnd].ToLowerInvariant(), text[(schemeEnd + 3)..]);
        return scheme switch
        {
            "unix" => ParseUnix(value, rest),
            "tcp" => ParseTcp(value, rest, tls ? DefaultTlsPort : DefaultTcpPort),
            "fd" => ParseFd(value, rest),
            _ => throw new DaemonStartupException($"Invalid bind address format: {value}"),
        };
    }

    static UnixHostAddress ParseUnix(string value, string rest)
    {
        if (rest.Length == 0) return new UnixHostAddress(DefaultSocketPath);
        if (!rest.StartsWith('/'))
            throw new DaemonStartupException($"Invalid bind address format: {value}: the unix socket path must be absolute");
        var path = Path.GetFullPath(rest);
        // sun_path holds 108 bytes including the terminating NUL.
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
            throw new DaemonStartupException($"cannot listen on {value}: the socket path is longer than {MaxSocketPathBytes} bytes");
        return new UnixHostAddress(path);
    }

    static TcpHostAddress ParseTcp(string value, string rest, int defaultPort)
    {
        if (rest.Contains("://", StringComparison.Ordinal) || rest.Contains('/', StringComparison.Ordinal))
            throw new DaemonStartupException($"Invalid bind address format: {value}");
        string host;
        string port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new DaemonStartupException($"Invalid bind address format: {value}");
            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0 && after[0] != ':') throw new DaemonStartupException($"Invalid bind address format: {value}");
            port = after.Length > 0 ? after[1..] : "";
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            // Only one colon allowed outside brackets: "::1:2376" is ambiguous, dockerd (Go's SplitHostPort) refuses it too.
            if (colon >= 0 && rest.IndexOf(':', StringComparison.Ordinal) != colon)
                throw new DaemonStartupException($"Invalid bind address format: {value}: put an IPv6 address in brackets, such as tcp://[::1]:{DefaultTlsPort}");
            (host, port) = colon < 0 ? (rest, "") : (rest[..colon], rest[(colon + 1)..]);
        }
        var portNumber = defaultPort;
        if (port.Length > 0
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 0 or > 65535))
            throw new DaemonStartupException($"Invalid bind address format: {value}");
        IPAddress address;
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            address = IPAddress.Loopback; // dockerd: tcp://:PORT means localhost, and Go listens on its IPv4 address
        // IPAddress.TryParse also takes legacy forms ("10.1" = 10.0.0.1) that Go refuses: a dotted quad is required.
        else if (!IPAddress.TryParse(host, out address!)
                 || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
            throw new DaemonStartupException($"cannot listen on {value}: \"{host}\" is not an IP address; give the address to listen on (0.0.0.0 or [::] for every interface)");
        return new TcpHostAddress(new IPEndPoint(address, portNumber));
    }

    static FdHostAddress ParseFd(string value, string rest)
    {
        if (rest.Length == 0) return new FdHostAddress(null);
        // Passed sockets start at fd 3 (SD_LISTEN_FDS_START).
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) || fd < 3)
            throw new DaemonStartupException($"Invalid bind address format: {value}: fd://N needs a file descriptor number of 3 or more");
        return new FdHostAddress(fd);
    }
}

/// <summary>A unix socket the daemon creates (mode 0660, the socket group).</summary>
internal sealed record UnixHostAddress(string SocketPath) : HostAddress
{
    public override string ToString() => $"unix://{SocketPath}";
}

/// <summary>A TCP address; it needs TLS with client verification unless plain TCP was explicitly allowed.</summary>
internal sealed record TcpHostAddress(IPEndPoint EndPoint) : HostAddress
{
    public override string ToString() => $"tcp://{EndPoint}";
}

/// <summary>Sockets passed by systemd (LISTEN_FDS): all of them (<c>fd://</c>) or one (<c>fd://N</c>).</summary>
internal sealed record FdHostAddress(int? Fd) : HostAddress
{
    public override string ToString() => Fd is { } fd ? $"fd://{fd}" : "fd://";
}
