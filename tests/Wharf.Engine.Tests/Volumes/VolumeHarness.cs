using Wharf.Engine.Filters;
using Wharf.Engine.Storage;
using Wharf.Engine.Volumes;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Volumes;

/// <summary>A volume service over a temp SQLite file and data root, a fake host, recorded events and a manual clock.</summary>
internal sealed class VolumeHarness : IDisposable
{
    readonly TempDirectory _dir = new();

    public VolumeHarness()
    {
        var db = new WharfDatabase(Path.Combine(_dir.Path, "wharf.db"));
        Store = new VolumeStore(db, Path.Combine(_dir.Path, "volumes"));
        Service = new VolumeService(Store, Host, Events, Clock);
        Service.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public string Root => _dir.Path;
    public FakeVolumeHost Host { get; } = new();
    public RecordingEventService Events { get; } = new();
    public ManualTimeProvider Clock { get; } = new();
    public VolumeStore Store { get; }
    public VolumeService Service { get; }

    public Task<VolumeView> CreateAsync(string name = "", IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? opts = null) =>
        Service.CreateAsync(new VolumeCreateRequest { Name = name, Labels = labels, DriverOpts = opts }, CancellationToken.None);

    public async Task AttachAsync(string container, params VolumeWish[] wishes) =>
        await Service.AttachAsync(container, new VolumePlan(wishes, new HashSet<string>()), [], CancellationToken.None);

    public static FilterSet F(params (string Key, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(p => p.Value).ToList()));

    public IReadOnlyList<string> Actions(string volume) => Events.Events.Where(e => e.ActorId == volume).Select(e => e.Action).ToList();

    public void Dispose() => _dir.Dispose();
}
