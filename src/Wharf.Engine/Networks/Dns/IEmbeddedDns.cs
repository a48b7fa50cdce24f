namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// The embedded DNS server: answers at 127.0.0.11:53 (UDP and TCP) inside a container's network namespace, as
/// dockerd's does, with container names first and the configured upstream resolvers for everything else.
/// </summary>
public interface IEmbeddedDns
{
    /// <summary>Starts answering in the namespace for the container; a second call for the same container does nothing.</summary>
    Task StartAsync(string containerId, string namespacePath, CancellationToken ct);

    /// <summary>Stops answering for the container and closes its sockets; nothing when it is not served.</summary>
    Task StopAsync(string containerId);
}
