using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// The embedded DNS server: answers at 127.0.0.11:53 (UDP and TCP) inside a container's network namespace, as
/// dockerd's does, with container names first and the configured upstream resolvers for everything else.
/// </summary>
/// <remarks>
/// One server per namespace: a container that joins another's namespace (<c>--network container:NAME</c>) is not
/// started itself; the owner's server answers there, with the owner's names (as with dockerd). The sockets keep
/// the namespace alive until <see cref="StopAsync"/>, so stop it when the container stops. Upstream queries leave
/// from the daemon's own namespace.
/// </remarks>
public interface IEmbeddedDns
{
    /// <summary>
    /// Starts answering in the namespace for the container; a second call for the same container does nothing.
    /// Throws <see cref="EngineException"/> (Internal) when the sockets cannot be made there (no such namespace,
    /// 127.0.0.11:53 already in use); dockerd then logs and runs the container without names.
    /// </summary>
    /// <paramref name="upstreams"/> are the container's own <c>--dns</c> servers, which replace the daemon's upstreams
    /// for its outside names (as dockerd's ExtServers); empty for the daemon's.
    Task StartAsync(string containerId, string namespacePath, IReadOnlyList<IPEndPoint> upstreams, CancellationToken ct);

    /// <summary>Stops answering for the container and closes its sockets; nothing when it is not served.</summary>
    Task StopAsync(string containerId);
}
