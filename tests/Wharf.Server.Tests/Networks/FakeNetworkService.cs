using Wharf.Engine;
using Wharf.Engine.Filters;
using Wharf.Engine.Networks;

namespace Wharf.Server.Tests.Networks;

/// <summary>An in-memory <see cref="INetworkService"/> that records what the server asked.</summary>
public sealed class FakeNetworkService : INetworkService
{
    public List<NetworkView> Networks { get; } = [];
    public FilterSet? LastFilters { get; private set; }
    public NetworkCreateRequest? LastCreate { get; private set; }
    public List<string> Removed { get; } = [];
    public EngineException? Failure { get; set; }

    public Task<(NetworkView Network, string Warning)> CreateAsync(NetworkCreateRequest request, CancellationToken ct)
    {
        LastCreate = request;
        if (Failure is { } f) throw f;
        var view = new NetworkView(new NetworkRecord
        {
            Id = new string('d', 64),
            Name = request.Name,
            Driver = "bridge",
            Created = DateTimeOffset.UnixEpoch,
        }, []);
        Networks.Add(view);
        return Task.FromResult((view, ""));
    }

    public Task<IReadOnlyList<NetworkView>> ListAsync(FilterSet filters, CancellationToken ct)
    {
        LastFilters = filters;
        return Task.FromResult<IReadOnlyList<NetworkView>>(Networks);
    }

    public Task<NetworkView> InspectAsync(string idOrName, CancellationToken ct) =>
        Task.FromResult(Networks.FirstOrDefault(v => v.Network.Name == idOrName || v.Network.Id == idOrName)
                        ?? throw EngineException.NotFound($"network {idOrName} not found"));

    public Task RemoveAsync(string idOrName, CancellationToken ct)
    {
        if (Failure is { } f) throw f;
        Removed.Add(idOrName);
        return Task.CompletedTask;
    }

    public Task<NetworkPruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        LastFilters = filters;
        return Task.FromResult(new NetworkPruneResult([.. Networks.Select(n => n.Network.Name)]));
    }
}
