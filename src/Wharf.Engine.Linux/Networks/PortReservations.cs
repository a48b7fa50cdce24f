using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Wharf.Engine.Networks;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// Holds every published host port by a socket bound (not listening) to HostIp:HostPort for as long as the container
/// runs: a second container or a host program asking for the same port then fails cleanly, and a host port 0 gets a
/// free port from the kernel. The sockets are raw ones without SO_REUSEADDR, so the hold is exclusive.
/// </summary>
internal sealed class PortReservations : IDisposable
{
    readonly Lock gate = new();
    readonly Dictionary<string, List<(PortBinding Binding, SafeHandle Socket)>> held = new(StringComparer.Ordinal);

    /// <summary>
    /// Binds every port for <paramref name="owner"/>, all or nothing, and returns the bindings with their real host
    /// ports. Ports the owner already holds are returned as they are (a repeated reservation changes nothing).
    /// </summary>
    public IReadOnlyList<PortBinding> Reserve(string owner, IReadOnlyList<PortBinding> ports)
    {
        lock (gate)
        {
            if (held.TryGetValue(owner, out var existing)) return [.. existing.Select(h => h.Binding)];
            var taken = new List<(PortBinding, SafeHandle)>();
            try
            {
                foreach (var port in ports) taken.Add(Bind(port));
            }
            catch
            {
                foreach (var (_, socket) in taken) socket.Dispose();
                throw;
            }
            if (taken.Count > 0) held[owner] = taken;
            return [.. taken.Select(t => t.Item1)];
        }
    }

    public bool Holds(string owner)
    {
        lock (gate) return held.ContainsKey(owner);
    }

    /// <summary>Closes the owner's sockets; nothing when it holds none.</summary>
    public void Release(string owner)
    {
        lock (gate)
        {
            if (!held.Remove(owner, out var sockets)) return;
            foreach (var (_, socket) in sockets) socket.Dispose();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var sockets in held.Values)
                foreach (var (_, socket) in sockets) socket.Dispose();
            held.Clear();
        }
    }

    static (PortBinding, SafeHandle) Bind(PortBinding port)
    {
        var udp = port.Protocol switch
        {
            "tcp" => false,
            "udp" => true,
            _ => throw EngineException.Invalid($"invalid proto: {port.Protocol}"),
        };
        var hostIp = port.HostIp.Length == 0 ? "0.0.0.0" : port.HostIp;
        if (!IPAddress.TryParse(hostIp, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            throw EngineException.Invalid($"invalid host IP {port.HostIp}: only IPv4 addresses can be published");
        if (port.HostPort is < 0 or > 65535) throw EngineException.Invalid($"invalid host port {port.HostPort}");
        var (socket, bound, errno) = NetworkNative.Bind(address, port.HostPort, udp);
        if (socket is null)
        {
            if (errno == NetworkNative.EADDRINUSE)
                throw EngineException.Conflict($"Bind for {hostIp}:{port.HostPort.ToString(CultureInfo.InvariantCulture)} failed: port is already allocated");
            throw new EngineException(ErrorKind.Internal,
                $"Error starting userland proxy: listen {port.Protocol}4 {hostIp}:{port.HostPort}: bind: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return (port with { HostPort = bound }, socket);
    }
}
