using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>The names the embedded DNS answers for a container: the containers on the user-defined networks it is on.</summary>
/// <remarks>
/// Called on every A, AAAA and PTR query, concurrently and on the DNS path: keep it an in-memory lookup, no I/O.
/// An empty answer (or null) sends the query to the upstream resolvers, as dockerd does for names it does not own.
/// </remarks>
public interface IContainerNames
{
    /// <summary>
    /// Addresses of a container name, network alias or short id (case-insensitive, without a trailing dot) on the
    /// networks the asking container is on; empty when the name is not one of theirs. dockerd also answers
    /// <c>name.network</c> for a network the asker is on. IPv4 and IPv6 may be mixed: the responder picks the
    /// asked family, and a known name without an address of that family gets an empty NOERROR.
    /// </summary>
    IReadOnlyList<IPAddress> Resolve(string askingContainerId, string name);

    /// <summary>
    /// The container name owning an address on the asking container's networks (PTR answers), null when none.
    /// dockerd answers <c>name.network</c> here; with or without a trailing dot.
    /// </summary>
    string? ReverseResolve(string askingContainerId, IPAddress address);

    /// <summary>
    /// Whether names that are not the containers' own go to the upstream resolvers for this container: not when all
    /// its networks are internal (dockerd then answers SERVFAIL, since nothing outside is reachable anyway).
    /// </summary>
    bool ForwardsOutside(string askingContainerId);
}
