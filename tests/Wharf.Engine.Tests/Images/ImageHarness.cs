using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;
using Wharf.Engine.Storage;
using Wharf.Testing;

namespace Wharf.Engine.Tests.Images;

/// <summary>An ImageService on a temp data root with fakes for the applier, events, users and clock.</summary>
public sealed class ImageHarness : IDisposable
{
    readonly TempDirectory _dir = new();

    public ImageHarness()
    {
        Database = new WharfDatabase(System.IO.Path.Combine(Root, "wharf.db"));
        Service = NewService();
    }

    public string Root => _dir.Path;
    public WharfDatabase Database { get; }
    public FakeLayerApplier Applier { get; } = new();
    public RecordingEventService Events { get; } = new();
    public FakeImageUsers Users { get; } = new();
    public ManualTimeProvider Clock { get; } = new();
    public ImageService Service { get; private set; }

    /// <summary>A second service on the same data root, as after a daemon restart.</summary>
    public ImageService NewService() =>
        Service = new ImageService(new ImageStoreOptions(Root), Database, Applier, Events, Users, Clock, NullLogger<ImageService>.Instance);

    public static async Task<ImageHarness> StartAsync()
    {
        var h = new ImageHarness();
        await h.Service.InitializeAsync(CancellationToken.None);
        return h;
    }

    public async Task<List<ImageProgress>> LoadAsync(byte[] archive, bool quiet = false)
    {
        var list = new List<ImageProgress>();
        await foreach (var p in Service.LoadAsync(new NonSeekableStream(archive), quiet, CancellationToken.None)) list.Add(p);
        return list;
    }

    public Task<Digest> ImportAsync(byte[] rootfs, string? repo = null, string? tag = null, string[]? changes = null, string? message = null) =>
        Service.ImportAsync(new NonSeekableStream(rootfs), new ImageImportRequest(repo, tag, changes ?? [], message, null), CancellationToken.None);

    public Task<IReadOnlyList<ImageView>> ListAsync(bool all = false, params (string Key, string Value)[] filters) =>
        Service.ListAsync(new ImageListRequest(all, Filters(filters)), CancellationToken.None);

    public static FilterSet Filters(params (string Key, string Value)[] filters) =>
        new(filters.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(f => f.Value).ToList()));

    public string[] Files(string sub) =>
        Directory.Exists(System.IO.Path.Combine(Root, sub))
            ? Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(Root, sub)).Select(System.IO.Path.GetFileName).OfType<string>().Order().ToArray()
            : [];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
