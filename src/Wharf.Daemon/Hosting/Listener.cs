using System.Net;
using Wharf.Daemon.Config;

namespace Wharf.Daemon.Hosting;

/// <summary>One socket Kestrel serves the API on. Network listeners are reachable from other machines and need mutual TLS.</summary>
internal abstract record Listener
{
    /// <summary>Whether anyone beyond this host's file permissions could connect (TCP, or a TCP socket from systemd).</summary>
    public abstract bool IsNetwork { get; }
}

/// <summary>A unix socket wharfd creates: mode 0660 and the socket group protect it, no TLS.</summary>
internal sealed record UnixListener(string SocketPath) : Listener
{
    public override bool IsNetwork => false;
    public override string ToString() => SocketPath;
}

/// <summary>A TCP address wharfd binds.</summary>
internal sealed record TcpSocketListener(IPEndPoint EndPoint) : Listener
{
    public override bool IsNetwork => true;
    public override string ToString() => $"tcp://{EndPoint}";
}

/// <summary>A socket systemd bound and passed as file descriptor <paramref name="Fd"/>.</summary>
internal sealed record ActivatedListener(int Fd, bool IsTcp) : Listener
{
    public override bool IsNetwork => IsTcp;
    public override string ToString() => $"fd://{Fd} ({(IsTcp ? "tcp" : "unix")})";

    /// <summary>The listeners for the <c>fd://</c> hosts among <paramref name="hosts"/>, from the passed <paramref name="fds"/>.</summary>
    public static List<Listener> For(IEnumerable<HostAddress> hosts, IReadOnlyList<int> fds, Func<int, bool> isTcp)
    {
        var chosen = new List<int>();
        foreach (var host in hosts.OfType<FdHostAddress>())
        {
            if (fds.Count == 0)
                throw new DaemonStartupException($"cannot listen on {host}: no sockets found via socket activation: make sure the service was started by systemd");
            if (host.Fd is { } fd && !fds.Contains(fd))
                throw new DaemonStartupException($"cannot listen on {host}: systemd passed file descriptors {string.Join(", ", fds)} only");
            chosen.AddRange(host.Fd is { } one ? [one] : fds);
        }
        return chosen.Distinct().Select(fd => (Listener)new ActivatedListener(fd, isTcp(fd))).ToList();
    }
}
