using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Observe;

namespace Wharf.Server.Tests.ContainerEndpoints;

/// <summary>An observer that answers with settable results for <see cref="FakeContainerService.KnownName"/>; other names are 404.</summary>
public sealed class FakeContainerObserver : IContainerObserver
{
    public List<string> Calls { get; } = [];
    public ContainerTop Top { get; set; } = new(["PID", "CMD"], [["42", "sleep 9"]]);
    public IReadOnlyList<StatsSample> Samples { get; set; } = [];
    public StatsRequest? StatsAsked { get; private set; }
    /// <summary>Set by a test to fill the directory export streams.</summary>
    public string ExportRoot { get; set; } = "";
    public int Released { get; private set; }

    static void Resolve(string name)
    {
        if (name != FakeContainerService.KnownName && name != FakeContainerService.KnownId.Value)
            throw EngineException.NotFound($"No such container: {name}");
    }

    public Task<ContainerTop> TopAsync(string name, string? psArgs, CancellationToken ct)
    {
        Calls.Add($"top {name} {psArgs}");
        Resolve(name);
        return Task.FromResult(Top);
    }

    public Task<ContainerStatsFeed> StatsAsync(string name, StatsRequest request, CancellationToken ct)
    {
        Resolve(name);
        StatsAsked = request;
        return Task.FromResult(new ContainerStatsFeed(FakeContainerService.KnownId, FakeContainerService.KnownName, SamplesAsync(ct)));
    }

    async IAsyncEnumerable<StatsSample> SamplesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var s in Samples)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return s;
        }
    }

    public Task<ContainerExport> ExportAsync(string name, CancellationToken ct)
    {
        Resolve(name);
        return Task.FromResult(new ContainerExport(FakeContainerService.KnownId, ExportRoot, () =>
        {
            Released++;
            return ValueTask.CompletedTask;
        }));
    }
}
