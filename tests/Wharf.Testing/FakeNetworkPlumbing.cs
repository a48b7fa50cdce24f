using Wharf.Engine;
using Wharf.Engine.Networks;

namespace Wharf.Testing;

/// <summary>
/// Plumbing that records what it was asked to make and keeps it in memory: namespaces, attachments, taken host
/// ports (host port 0 gets the next one from 40000). A port in <see cref="HostPortsInUse"/> fails as a real one would.
/// </summary>
public sealed class FakeNetworkPlumbing : INetworkPlumbing
{
    readonly Lock _gate = new();
    readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);
    int _nextPort = 40000;

    public List<NetworkAttachment> Attached { get; } = [];
    public List<string> Calls { get; } = [];
    public HashSet<int> HostPortsInUse { get; } = [];
    public List<BridgeNetwork> RemovedNetworks { get; } = [];

    public Task<string> CreateNamespaceAsync(string containerId, CancellationToken ct)
    {
        lock (_gate)
        {
            Calls.Add($"netns {containerId[..12]}");
            return Task.FromResult(_namespaces.TryGetValue(containerId, out var p) ? p : _namespaces[containerId] = $"/fake/netns/{containerId}");
        }
    }

    public string? FindNamespace(string containerId)
    {
        lock (_gate) return _namespaces.GetValueOrDefault(containerId);
    }

    public Task RemoveNamespaceAsync(string containerId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_namespaces.Remove(containerId)) Calls.Add($"rm netns {containerId[..12]}");
        }
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Namespaces()
    {
        lock (_gate) return [.. _namespaces.Keys];
    }

    public Task<IReadOnlyList<PortBinding>> AttachAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        lock (_gate)
        {
            var bound = new List<PortBinding>();
            foreach (var p in attachment.Ports)
            {
                var port = p.HostPort == 0 ? _nextPort++ : p.HostPort;
                if (HostPortsInUse.Contains(port))
                    throw EngineException.Conflict($"Bind for {(p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp)}:{port} failed: port is already allocated");
                bound.Add(p with { HostPort = port });
            }
            foreach (var b in bound) HostPortsInUse.Add(b.HostPort);
            Attached.Add(attachment with { Ports = bound });
            Calls.Add($"attach {attachment.ContainerId[..12]} {attachment.Network.Name} {attachment.InterfaceName} {attachment.Address}");
            return Task.FromResult<IReadOnlyList<PortBinding>>(bound);
        }
    }

    public Task RestoreAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        lock (_gate) Calls.Add($"restore {attachment.ContainerId[..12]} {attachment.Network.Name}");
        return Task.CompletedTask;
    }

    public Task DetachAsync(NetworkAttachment attachment, CancellationToken ct)
    {
        lock (_gate)
        {
            var removed = Attached.RemoveAll(a => a.ContainerId == attachment.ContainerId && a.Network.Id == attachment.Network.Id);
            foreach (var p in attachment.Ports) HostPortsInUse.Remove(p.HostPort);
            if (removed > 0) Calls.Add($"detach {attachment.ContainerId[..12]} {attachment.Network.Name}");
        }
        return Task.CompletedTask;
    }

    public Task RemoveNetworkAsync(BridgeNetwork network, CancellationToken ct)
    {
        lock (_gate) RemovedNetworks.Add(network);
        return Task.CompletedTask;
    }
}
