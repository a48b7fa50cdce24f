using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Events;
using Wharf.Engine.References;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

/// <summary>
/// The image store behind <see cref="IImageService"/>: blobs and unpacked layers on disk under
/// <see cref="ImageStoreOptions.DataRoot"/>, metadata in SQLite. Mutations are serialised by one async lock;
/// reads run concurrently on consistent snapshots. Call <see cref="InitializeAsync"/> once at start-up.
/// </summary>
public sealed partial class ImageService : IImageService
{
    readonly IEventService _events;
    readonly IImageUsers _users;
    readonly TimeProvider _time;
    readonly ILogger<ImageService> _log;
    readonly LeaseSet _leases = new();
    readonly BlobStore _blobs;
    readonly LayerStore _layers;
    readonly ImageMetadataStore _store;
    readonly SemaphoreSlim _mutex = new(1, 1);
    readonly ConcurrentDictionary<string, ImageConfigFile> _configs = new(StringComparer.Ordinal);

    public ImageService(ImageStoreOptions options, WharfDatabase database, ILayerApplier applier, IEventService events,
        IImageUsers users, TimeProvider time, ILogger<ImageService> logger)
    {
        _events = events;
        _users = users;
        _time = time;
        _log = logger;
        _blobs = new BlobStore(options.DataRoot);
        _layers = new LayerStore(options.DataRoot, applier);
        _store = new ImageMetadataStore(database);
    }

    /// <summary>For tests: the metadata store, whose fault hook proves that changes are atomic.</summary>
    internal ImageMetadataStore Metadata => _store;

    /// <summary>Creates or upgrades the schema, then removes what a crash may have left behind.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await _store.MigrateAsync(ct);
        await _mutex.WaitAsync(ct);
        try
        {
            await CollectGarbageAsync(ct);
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>
    /// Removes unleased temp entries, layer rows no image uses, layer directories without a row and blobs that no
    /// image (config) or layer (diff) row references. Caller holds the mutation lock.
    /// </summary>
    async Task<long> CollectGarbageAsync(CancellationToken ct)
    {
        var temp = _layers.CleanTemp(_leases);
        var released = await _store.RemoveUnusedLayersAsync(ct);
        var index = await _store.ReadAsync(ct);
        var dirs = 0;
        foreach (var hex in _layers.ListDirs().Where(hex => !index.Layers.ContainsKey(hex)).ToList())
        {
            _layers.DeleteDir(hex);
            dirs++;
        }
        var keep = new HashSet<string>(index.Images.Keys, StringComparer.Ordinal);
        foreach (var layer in index.Layers.Values) keep.Add(layer.DiffId.Digest.Hex);
        var blobs = 0;
        foreach (var hex in _blobs.ListHex().Where(hex => !keep.Contains(hex) && !_leases.IsLeased(BlobStore.BlobKey(hex))).ToList())
        {
            _blobs.Delete(hex);
            blobs++;
        }
        ImageLog.Collected(_log, temp, dirs, blobs);
        return released.Sum(l => l.Size);
    }

    /// <summary>Removes the directories and blobs of what a committed delete released; failures are left to the next GC.</summary>
    void RemoveReleased(ImageIndex before, IReadOnlyList<ImageRow> deletedImages, IReadOnlyList<LayerRow> releasedLayers)
    {
        var stillUsedDiffs = before.Layers.Values.Where(l => !releasedLayers.Any(r => r.ChainId == l.ChainId))
            .Select(l => l.DiffId.Digest.Hex).ToHashSet(StringComparer.Ordinal);
        foreach (var layer in releasedLayers)
        {
            TryRemove(_layers.DirOf(layer.ChainId), () => _layers.Delete(layer.ChainId));
            var hex = layer.DiffId.Digest.Hex;
            if (!stillUsedDiffs.Contains(hex) && !_leases.IsLeased(BlobStore.BlobKey(hex))) TryRemove(hex, () => _blobs.Delete(hex));
        }
        foreach (var image in deletedImages)
        {
            _configs.TryRemove(image.Id.Hex, out _);
            if (!_leases.IsLeased(BlobStore.BlobKey(image.Id.Hex))) TryRemove(image.Id.Hex, () => _blobs.Delete(image.Id.Hex));
        }
    }

    void TryRemove(string what, Action remove)
    {
        try
        {
            remove();
        }
        catch (IOException e)
        {
            ImageLog.RemoveFailed(_log, e, what);
        }
        catch (UnauthorizedAccessException e)
        {
            ImageLog.RemoveFailed(_log, e, what);
        }
    }

    async Task<ImageConfigFile> ConfigAsync(Digest id, CancellationToken ct)
    {
        if (_configs.TryGetValue(id.Hex, out var cached)) return cached;
        var bytes = await _blobs.ReadAllBytesAsync(id, ct);
        var config = ParseConfig(bytes);
        _configs[id.Hex] = config;
        return config;
    }

    static ImageConfigFile ParseConfig(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, ImageJson.Default.ImageConfigFile) ?? throw EngineException.Invalid("invalid image config: null");
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid($"invalid image config: {e.Message}");
        }
    }

    async Task<ImageView> ViewAsync(ImageIndex index, ImageRow row, Func<TagRow, bool>? tagFilter, CancellationToken ct)
    {
        var config = await ConfigAsync(row.Id, ct);
        var refs = index.TagsOf(row.Id).Where(t => tagFilter?.Invoke(t) ?? true).ToList();
        var graph = new Dictionary<string, string>(StringComparer.Ordinal);
        if (row.Layers.Count > 0)
        {
            var top = row.Layers[^1];
            if (row.Layers.Count > 1)
                graph["LowerDir"] = string.Join(':', row.Layers.Take(row.Layers.Count - 1).Reverse().Select(_layers.DiffDirOf));
            graph["MergedDir"] = Path.Combine(_layers.DirOf(top), "merged");
            graph["UpperDir"] = _layers.DiffDirOf(top);
            graph["WorkDir"] = Path.Combine(_layers.DirOf(top), "work");
        }
        return new ImageView
        {
            Id = row.Id,
            RepoTags = refs.Where(t => t.Reference.Tag is not null && t.Reference.Digest is null)
                .Select(t => t.Reference.FamiliarString).Order(StringComparer.Ordinal).ToList(),
            RepoDigests = refs.Where(t => t.Reference.Digest is not null)
                .Select(t => t.Reference.FamiliarString).Order(StringComparer.Ordinal).ToList(),
            Parent = row.Parent,
            Created = config.Created ?? row.Created,
            Size = row.Size,
            Config = config,
            Layers = row.Layers,
            LastTagTime = row.LastTagTime,
            GraphDriverData = graph,
        };
    }

    /// <summary>Publishes an image event as dockerd does: the image's labels plus <c>name</c>.</summary>
    void Publish(string action, Digest id, string name, ImageConfigFile? config)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in config?.Config?.Labels ?? []) attributes[k] = v;
        attributes["name"] = name;
        _events.Publish(EventType.Image, action, id.ToString(), attributes);
    }

    async Task<T> LockedAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        await _mutex.WaitAsync(ct);
        try
        {
            return await action();
        }
        finally
        {
            _mutex.Release();
        }
    }
}
