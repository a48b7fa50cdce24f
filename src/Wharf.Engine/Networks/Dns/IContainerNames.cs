using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>The names the embedded DNS answers for a container: the containers on the user-defined networks it is on.</summary>
public interface IContainerNames
{
    /// <summary>
    /// Addresses of a container name, network alias or short id (case-insensitive, without a trailing dot) on the
    /// networks the asking container is on; empty when the name is not one of theirs.
    /// </summary>
    IReadOnlyList<IPAddress> Resolve(string askingContainerId, string name);

    /// <summary>The container name owning an address on the asking container's networks (PTR answers), null when none.</summary>
    string? ReverseResolve(string askingContainerId, IPAddress address);
}
