namespace Wharf.Daemon.Config;

/// <summary>One validated <c>-H</c> listen address. Only unix sockets exist today; TCP and fd:// come with remote access.</summary>
internal sealed record HostAddress(string SocketPath)
{
    public const string DefaultSocketPath = "/var/run/wharf.sock";
    public const int MaxSocketPathBytes = 107;

    public override string ToString() => $"unix://{SocketPath}";

    /// <summary>Parses a host as dockerd does: no scheme means TCP; <c>unix://</c> alone means the default socket.</summary>
    public static HostAddress Parse(string value)
    {
        var text = value.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var (scheme, rest) = schemeEnd < 0 ? ("tcp", text) : (text[..schemeEnd].ToLowerInvariant(), text[(schemeEnd + 3)..]);
        if (text.Length == 0) throw new DaemonStartupException($"Invalid bind address format: {value}");
        switch (scheme)
        {
            case "unix":
                if (rest.Length == 0) return new HostAddress(DefaultSocketPath);
                if (!rest.StartsWith('/'))
                    throw new DaemonStartupException($"Invalid bind address format: {value}: the unix socket path must be absolute");
                var path = Path.GetFullPath(rest);
                // sun_path holds 108 bytes including the terminating NUL.
                if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
                    throw new DaemonStartupException($"cannot listen on {value}: the socket path is longer than {MaxSocketPathBytes} bytes");
                return new HostAddress(path);
            case "tcp":
                throw new DaemonStartupException(
                    $"cannot listen on {value}: TCP listeners are not supported yet (remote access with mutual TLS comes in a later release); use unix:///PATH");
            case "fd":
                throw new DaemonStartupException(
                    $"cannot listen on {value}: socket activation (fd://) is not supported yet; use unix:///PATH");
            default:
                throw new DaemonStartupException($"Invalid bind address format: {value}");
        }
    }
}
