using Wharf.Engine;
using Wharf.Engine.Filters;
using Wharf.Engine.Volumes;

namespace Wharf.Server.Tests.Volumes;

/// <summary>An in-memory <see cref="IVolumeService"/> that records what the server asked; volumes live under dockerd's data root.</summary>
public sealed class FakeVolumeService : IVolumeService
{
    public List<VolumeView> Volumes { get; } = [];
    public List<string> Calls { get; } = [];
    public FilterSet? LastFilters { get; private set; }
    public VolumeCreateRequest? LastCreate { get; private set; }
    public VolumePruneResult PruneResult { get; set; } = new([], 0);

    public static VolumeView Sample(string name, IReadOnlyDictionary<string, string>? labels = null, params string[] containers) => new(new VolumeRecord
    {
        Name = name,
        CreatedAt = new DateTimeOffset(2026, 11, 30, 3, 3, 47, TimeSpan.Zero),
        Labels = labels,
        Mountpoint = $"/var/lib/docker/volumes/{name}/_data",
    }, containers, 0);

    public Task<VolumeView> CreateAsync(VolumeCreateRequest request, CancellationToken ct)
    {
        LastCreate = request;
        var existing = Volumes.FirstOrDefault(v => v.Volume.Name == request.Name);
        if (existing is not null) return Task.FromResult(existing);
        var view = Sample(request.Name.Length == 0 ? new string('a', 64) : request.Name, request.Labels);
        Volumes.Add(view);
        return Task.FromResult(view);
    }

    public Task<IReadOnlyList<VolumeView>> ListAsync(FilterSet filters, CancellationToken ct)
    {
        LastFilters = filters;
        return Task.FromResult<IReadOnlyList<VolumeView>>([.. Volumes]);
    }

    public Task<VolumeView> InspectAsync(string name, CancellationToken ct) =>
        Task.FromResult(Volumes.FirstOrDefault(v => v.Volume.Name == name) ?? throw EngineException.NotFound($"get {name}: no such volume"));

    public Task RemoveAsync(string name, bool force, CancellationToken ct)
    {
        Calls.Add($"rm {name} force={force}");
        var v = Volumes.FirstOrDefault(x => x.Volume.Name == name);
        if (v is null) return force ? Task.CompletedTask : throw EngineException.NotFound($"get {name}: no such volume");
        if (v.Containers.Count > 0) throw EngineException.Conflict($"remove {name}: volume is in use - [{string.Join(", ", v.Containers)}]");
        Volumes.Remove(v);
        return Task.CompletedTask;
    }

    public Task<VolumePruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        LastFilters = filters;
        return Task.FromResult(PruneResult);
    }

    public Task<IReadOnlyList<VolumeView>> DiskUsageAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<VolumeView>>([.. Volumes]);
}
