using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// The endpoints of running containers, in memory for the name server: a container resolves the names (container name,
/// aliases, short id, and each of them followed by <c>.network</c>) of the containers that share one of its user-defined
/// networks, and reaches outside names only when one of its networks is not internal.
/// </summary>
public sealed class NetworkNameTable : IContainerNames
{
    readonly Lock _gate = new();
    readonly List<Entry> _entries = [];

    sealed record Entry(string ContainerId, NetworkRecord Network, bool Named, string ContainerName, IReadOnlyList<string> Aliases, IPAddress Address);

    /// <summary>
    /// Adds a container's endpoint (replacing an older one on the same network). Names are answered on user-defined
    /// networks only (<paramref name="named"/>); the default bridge's endpoints still count as a way out.
    /// </summary>
    public void Add(string containerId, NetworkRecord network, bool named, string containerName, IReadOnlyList<string> aliases, IPAddress address)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.ContainerId == containerId && e.Network.Id == network.Id);
            _entries.Add(new Entry(containerId, network, named, containerName, aliases, address));
        }
    }

    /// <summary>Removes a container's endpoint on one network, or all of them when <paramref name="networkId"/> is null.</summary>
    public void Remove(string containerId, string? networkId = null)
    {
        lock (_gate) _entries.RemoveAll(e => e.ContainerId == containerId && (networkId is null || e.Network.Id == networkId));
    }

    public IReadOnlyList<IPAddress> Resolve(string askingContainerId, string name)
    {
        name = name.TrimEnd('.');
        lock (_gate)
        {
            var networks = NetworksOf(askingContainerId);
            return [.. _entries.Where(e => e.Named && networks.Contains(e.Network.Id) && Answers(e, name)).Select(e => e.Address).Distinct()];
        }
    }

    public string? ReverseResolve(string askingContainerId, IPAddress address)
    {
        lock (_gate)
        {
            var networks = NetworksOf(askingContainerId);
            // dockerd's reverse records are "name.network", which also resolve forwards.
            return _entries.FirstOrDefault(e => e.Named && networks.Contains(e.Network.Id) && e.Address.Equals(address)) is { } owner
                ? $"{owner.ContainerName}.{owner.Network.Name}"
                : null;
        }
    }

    public bool ForwardsOutside(string askingContainerId)
    {
        lock (_gate)
        {
            // Asked for every query that is not a container's name: no list made, the first way out answers.
            var known = false;
            foreach (var e in _entries)
            {
                if (e.ContainerId != askingContainerId) continue;
                if (!e.Network.Internal) return true;
                known = true;
            }
            return !known;
        }
    }

    HashSet<string> NetworksOf(string containerId) =>
        [.. _entries.Where(e => e.ContainerId == containerId && e.Named).Select(e => e.Network.Id)];

    static bool Answers(Entry e, string name)
    {
        var suffix = "." + e.Network.Name;
        if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length && AnswersBare(e, name[..^suffix.Length]))
            return true;
        return AnswersBare(e, name);
    }

    static bool AnswersBare(Entry e, string name) =>
        string.Equals(e.ContainerName, name, StringComparison.OrdinalIgnoreCase)
        || e.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
        || (name.Length == 12 && e.ContainerId.StartsWith(name, StringComparison.OrdinalIgnoreCase));
}
