using System.Net;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Testing;

/// <summary>Records which containers the embedded name server serves, and with which of their own upstreams.</summary>
public sealed class FakeEmbeddedDns : IEmbeddedDns
{
    readonly Lock _gate = new();

    public HashSet<string> Served { get; } = new(StringComparer.Ordinal);

    /// <summary>The container's own upstreams it was last started with.</summary>
    public Dictionary<string, IReadOnlyList<IPEndPoint>> Upstreams { get; } = new(StringComparer.Ordinal);

    public Task StartAsync(string containerId, string namespacePath, IReadOnlyList<IPEndPoint> upstreams, CancellationToken ct)
    {
        lock (_gate)
        {
            Served.Add(containerId);
            Upstreams[containerId] = upstreams;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(string containerId)
    {
        lock (_gate) Served.Remove(containerId);
        return Task.CompletedTask;
    }
}
