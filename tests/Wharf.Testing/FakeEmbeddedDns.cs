using Wharf.Engine.Networks.Dns;

namespace Wharf.Testing;

/// <summary>Records which containers the embedded name server serves.</summary>
public sealed class FakeEmbeddedDns : IEmbeddedDns
{
    readonly Lock _gate = new();

    public HashSet<string> Served { get; } = new(StringComparer.Ordinal);

    public Task StartAsync(string containerId, string namespacePath, CancellationToken ct)
    {
        lock (_gate) Served.Add(containerId);
        return Task.CompletedTask;
    }

    public Task StopAsync(string containerId)
    {
        lock (_gate) Served.Remove(containerId);
        return Task.CompletedTask;
    }
}
