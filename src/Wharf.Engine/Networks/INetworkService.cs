using Wharf.Engine.Filters;

namespace Wharf.Engine.Networks;

/// <summary>The <c>/networks</c> operations with dockerd's semantics.</summary>
public interface INetworkService
{
    /// <summary>Creates a network; returns it with dockerd's create warning (empty when none).</summary>
    Task<(NetworkView Network, string Warning)> CreateAsync(NetworkCreateRequest request, CancellationToken ct);

    /// <summary>Networks matching <c>name</c>, <c>id</c>, <c>label</c>, <c>driver</c>, <c>type</c>, <c>scope</c>, <c>dangling</c>.</summary>
    Task<IReadOnlyList<NetworkView>> ListAsync(FilterSet filters, CancellationToken ct);

    /// <summary>By full id, then exact name, then unique id prefix (dockerd's lookup order).</summary>
    Task<NetworkView> InspectAsync(string idOrName, CancellationToken ct);

    /// <summary>Removes a network without endpoints (403 otherwise, and for the built-ins).</summary>
    Task RemoveAsync(string idOrName, CancellationToken ct);

    /// <summary>Removes unused user networks matching <c>until</c>, <c>label</c>, <c>label!</c>.</summary>
    Task<NetworkPruneResult> PruneAsync(FilterSet filters, CancellationToken ct);
}
