using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// The endpoints of running containers on user-defined networks, in memory for the name server: a container resolves
/// the names (container name, aliases, short id) of the containers that share one of its networks.
/// </summary>
public sealed class NetworkNameTable : IContainerNames
{
    readonly Lock _gate = new();
    readonly List<Entry> _entries = [];

    sealed record Entry(string ContainerId, string NetworkId, string ContainerName, IReadOnlyList<string> Aliases, IPAddress Address);

    /// <summary>Adds a container's endpoint on a user-defined network (replacing an older one on the same network).</summary>
    public void Add(string containerId, string networkId, string containerName, IReadOnlyList<string> aliases, IPAddress address)
    {
        lock (_gate)
        {
            _entries.RemoveAll(e => e.ContainerId == containerId && e.NetworkId == networkId);
            _entries.Add(new Entry(containerId, networkId, containerName, aliases, address));
        }
    }

    /// <summary>Removes a container's endpoint on one network, or all of them when <paramref name="networkId"/> is null.</summary>
    public void Remove(string containerId, string? networkId = null)
    {
        lock (_gate) _entries.RemoveAll(e => e.ContainerId == containerId && (networkId is null || e.NetworkId == networkId));
    }

    public IReadOnlyList<IPAddress> Resolve(string askingContainerId, string name)
    {
        name = name.TrimEnd('.');
        lock (_gate)
        {
            var networks = NetworksOf(askingContainerId);
            return [.. _entries.Where(e => networks.Contains(e.NetworkId) && Answers(e, name)).Select(e => e.Address).Distinct()];
        }
    }

    public string? ReverseResolve(string askingContainerId, IPAddress address)
    {
        lock (_gate)
        {
            var networks = NetworksOf(askingContainerId);
            return _entries.FirstOrDefault(e => networks.Contains(e.NetworkId) && e.Address.Equals(address))?.ContainerName;
        }
    }

    HashSet<string> NetworksOf(string containerId) =>
        [.. _entries.Where(e => e.ContainerId == containerId).Select(e => e.NetworkId)];

    static bool Answers(Entry e, string name) =>
        string.Equals(e.ContainerName, name, StringComparison.OrdinalIgnoreCase)
        || e.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
        || (name.Length == 12 && e.ContainerId.StartsWith(name, StringComparison.OrdinalIgnoreCase));
}
