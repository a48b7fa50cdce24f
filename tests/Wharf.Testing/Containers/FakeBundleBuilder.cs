using Wharf.Engine.Containers.Bundles;

namespace Wharf.Testing.Containers;

/// <summary>An <see cref="IBundleBuilder"/> that records its requests and writes placeholder files where the real one writes.</summary>
public sealed class FakeBundleBuilder : IBundleBuilder
{
    public List<BundleRequest> Bundles { get; } = [];
    public List<(ExecProcessRequest Request, string Path)> Execs { get; } = [];

    public async Task WriteBundleAsync(BundleRequest request, CancellationToken ct)
    {
        lock (Bundles) Bundles.Add(request);
        Directory.CreateDirectory(request.BundleDir);
        await File.WriteAllTextAsync(Path.Combine(request.BundleDir, "config.json"), "{}", ct);
    }

    public List<BundleRequest> EmbeddedDnsSwitches { get; } = [];

    public Task UseEmbeddedDnsAsync(BundleRequest request, CancellationToken ct)
    {
        lock (EmbeddedDnsSwitches) EmbeddedDnsSwitches.Add(request);
        return Task.CompletedTask;
    }

    public async Task WriteExecProcessAsync(ExecProcessRequest request, string path, CancellationToken ct)
    {
        lock (Execs) Execs.Add((request, path));
        await File.WriteAllTextAsync(path, "{}", ct);
    }
}
