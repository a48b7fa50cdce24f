using System.Collections.Concurrent;
using System.Net;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Testing.Dns;

/// <summary>
/// An <see cref="IContainerNames"/> from a table: each asking container sees the names added for it (or for every
/// asker with a null id); names match case-insensitively, as the contract says. Records every lookup.
/// </summary>
public sealed class FakeContainerNames : IContainerNames
{
    readonly ConcurrentDictionary<(string? Asker, string Name), IPAddress[]> names = new();
    readonly ConcurrentDictionary<(string? Asker, IPAddress Address), string> owners = new();

    public ConcurrentQueue<string> Lookups { get; } = new();

    /// <summary>Askers on internal networks only: their outside names are not forwarded.</summary>
    public ConcurrentDictionary<string, bool> InternalOnly { get; } = new();

    /// <summary>Makes <paramref name="name"/> resolve to <paramref name="addresses"/> (and them back to it) for <paramref name="asker"/>, or for all.</summary>
    public FakeContainerNames Add(string? asker, string name, params IPAddress[] addresses)
    {
        names[(asker, name.ToLowerInvariant())] = addresses;
        foreach (var a in addresses) owners.TryAdd((asker, a), name);
        return this;
    }

    public IReadOnlyList<IPAddress> Resolve(string askingContainerId, string name)
    {
        Lookups.Enqueue($"{askingContainerId} {name}");
        var key = name.ToLowerInvariant();
        return names.TryGetValue((askingContainerId, key), out var own) ? own
            : names.TryGetValue((null, key), out var shared) ? shared : [];
    }

    public string? ReverseResolve(string askingContainerId, IPAddress address)
    {
        Lookups.Enqueue($"{askingContainerId} ptr {address}");
        return owners.TryGetValue((askingContainerId, address), out var own) ? own
            : owners.TryGetValue((null, address), out var shared) ? shared : null;
    }

    public bool ForwardsOutside(string askingContainerId) => !InternalOnly.ContainsKey(askingContainerId);
}
