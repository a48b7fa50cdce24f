using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Engine.References;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>An image from an archive whose config and layer blobs are stored and verified, not yet unpacked or listed.</summary>
    sealed record PreparedImage(Digest Id, ImageConfigFile Config, IReadOnlyList<DiffId> DiffIds, IReadOnlyList<ChainId> Chains, IReadOnlyList<ImageReference> Tags);

    public async IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, bool quiet, [EnumeratorCancellation] CancellationToken ct)
    {
        using var lease = _leases.Begin();
        // Phase 1 (may fail; nothing is yielded yet, so the caller can still answer with an HTTP error):
        // spool the upload, read the manifests, store and verify every blob.
        var prepared = await PrepareLoadAsync(archive, lease, ct);

        // Phase 2, under the lock: unpack new layers (with progress), then list each image in one transaction.
        await _mutex.WaitAsync(ct);
        try
        {
            foreach (var image in prepared)
            {
                var index = await _store.ReadAsync(ct);
                var newLayers = new List<LayerRow>();
                long size = 0;
                for (var i = 0; i < image.Chains.Count; i++)
                {
                    var chain = image.Chains[i];
                    if (index.Layers.TryGetValue(chain.Digest.Hex, out var existing))
                    {
                        size += existing.Size;
                        continue;
                    }
                    if (newLayers.FirstOrDefault(l => l.ChainId == chain) is { } again)
                    {
                        size += again.Size;
                        continue;
                    }
                    var diff = image.DiffIds[i];
                    var total = new FileInfo(_blobs.PathOf(diff.Digest)).Length;
                    if (!quiet) yield return new ImageProgress(Id: diff.Digest.Short, Status: "Loading layer", Current: 0, Total: total);
                    long layerSize;
                    await using (var tar = _blobs.OpenRead(diff.Digest))
                        layerSize = await _layers.UnpackAsync(chain, tar, lease, ct);
                    if (!quiet) yield return new ImageProgress(Id: diff.Digest.Short, Status: "Loading layer", Current: total, Total: total);
                    newLayers.Add(new LayerRow(chain, diff, i == 0 ? null : image.Chains[i - 1], layerSize));
                    size += layerSize;
                }
                var row = new ImageRow(image.Id, image.Config.Created ?? DateTimeOffset.UnixEpoch, null, size, null, image.Chains);
                var moved = image.Tags
                    .Select(t => (Tag: t, Previous: index.FindTag(t)?.ImageId))
                    .Where(x => x.Previous is { } p && p != image.Id).ToList();
                await _store.CommitImageAsync(row, newLayers, image.Tags, _time.GetUtcNow(), ct);
                ImageLog.Loaded(_log, image.Id.ToString(), image.Tags.Count);
                Publish("load", image.Id, image.Id.ToString(), image.Config);
                foreach (var (tag, previous) in moved)
                    yield return new ImageProgress(Stream: $"The image {tag.FamiliarString} already exists, renaming the old one with ID {previous} to empty string\n");
                if (image.Tags.Count == 0) yield return new ImageProgress(Stream: $"Loaded image ID: {image.Id}\n");
                foreach (var tag in image.Tags) yield return new ImageProgress(Stream: $"Loaded image: {tag.FamiliarString}\n");
            }
        }
        finally
        {
            _mutex.Release();
        }
    }

    async Task<IReadOnlyList<PreparedImage>> PrepareLoadAsync(Stream archive, Lease lease, CancellationToken ct)
    {
        var scratch = _layers.CreateScratch("load", lease);
        try
        {
            var spool = await ArchiveSpool.ExtractAsync(archive, scratch, ct);
            var prepared = new List<PreparedImage>();
            foreach (var candidate in ArchiveReader.Read(spool))
                prepared.Add(await PrepareAsync(spool, candidate, lease, ct));
            return prepared;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Blobs this load stored stay unreferenced; collect them now rather than at the next prune.
            await CollectAfterFailureAsync(lease);
            throw;
        }
        finally
        {
            TryRemove(scratch, () => Directory.Delete(scratch, recursive: true));
        }
    }

    async Task CollectAfterFailureAsync(Lease lease)
    {
        lease.Dispose();
        await _mutex.WaitAsync(CancellationToken.None);
        try
        {
            await CollectGarbageAsync(CancellationToken.None);
        }
        finally
        {
            _mutex.Release();
        }
    }

    async Task<PreparedImage> PrepareAsync(ArchiveSpool spool, LoadCandidate candidate, Lease lease, CancellationToken ct)
    {
        var configBytes = await File.ReadAllBytesAsync(spool.Require(candidate.ConfigPath), ct);
        var id = Digest.Of(configBytes);
        if (candidate.ConfigDigest is { } stated && stated != id)
            throw EngineException.Invalid($"invalid archive: config {candidate.ConfigPath} does not match its digest");
        var config = ParseConfig(configBytes);
        var diffIds = config.RootFs.DiffIds
            .Select(d => Digest.TryParse(d, out var digest) ? new DiffId(digest) : throw EngineException.Invalid($"invalid image config: bad diff id \"{d}\""))
            .ToList();
        if (diffIds.Count != candidate.Layers.Count)
            throw EngineException.Invalid($"invalid manifest, layers length mismatch: expected {diffIds.Count}, got {candidate.Layers.Count}");
        for (var i = 0; i < diffIds.Count; i++)
        {
            var diff = diffIds[i];
            lease.Add(BlobStore.BlobKey(diff.Digest.Hex));
            if (_blobs.Exists(diff.Digest)) continue;
            var layer = candidate.Layers[i];
            await using var file = File.OpenRead(spool.Require(layer.Path));
            var position = i;
            await LayerIngest.StoreAsync(_blobs, file, layer.Digest, diff, lease,
                actual => EngineException.Invalid($"invalid diffID for layer {position}: expected \"{diff}\", got \"{actual}\""), ct);
        }
        await _blobs.WriteBytesAsync(configBytes, lease, ct);
        return new PreparedImage(id, config, diffIds, ChainId.ForAll(diffIds), candidate.Tags);
    }

    public async Task<Digest> ImportAsync(Stream rootfs, ImageImportRequest request, CancellationToken ct)
    {
        ImageReference? newRef = null;
        if (!string.IsNullOrEmpty(request.Repository))
        {
            newRef = ImageReference.ParseNormalized(request.Repository);
            if (newRef.Digest is not null) throw EngineException.Invalid("cannot import digest reference");
            if (!string.IsNullOrEmpty(request.Tag)) newRef = newRef.WithTag(request.Tag);
            newRef = newRef.WithDefaultTag();
        }
        var os = string.IsNullOrEmpty(request.Platform) ? "linux" : request.Platform.Split('/')[0];
        if (os != "linux") throw EngineException.Invalid($"operating system is not supported: {os}");
        var runConfig = ImportChanges.Apply(new RunConfig(), request.Changes);

        using var lease = _leases.Begin();
        DiffId diff;
        try
        {
            (diff, _) = await LayerIngest.StoreAsync(_blobs, rootfs, null, null, lease, null, ct);
        }
        catch (InvalidDataException e)
        {
            throw EngineException.Invalid($"invalid tar: {e.Message}");
        }
        var now = _time.GetUtcNow();
        var message = string.IsNullOrEmpty(request.Message) ? "Imported from -" : request.Message;
        var config = new ImageConfigFile
        {
            Architecture = Info.BuildInfo.GoArch(RuntimeInformation.OSArchitecture),
            Os = "linux",
            Created = now,
            Comment = message,
            Config = runConfig,
            RootFs = new RootFs { DiffIds = [diff.ToString()] },
            History = [new HistoryRecord { Created = now, CreatedBy = "", Comment = message }],
        };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImageJson.Default.ImageConfigFile);
        var id = await _blobs.WriteBytesAsync(configBytes, lease, ct);
        var chain = ChainId.For(null, diff);

        return await LockedAsync(async () =>
        {
            var index = await _store.ReadAsync(ct);
            var newLayers = new List<LayerRow>();
            long size;
            if (index.Layers.TryGetValue(chain.Digest.Hex, out var existing)) size = existing.Size;
            else
            {
                await using (var tar = _blobs.OpenRead(diff.Digest))
                    size = await _layers.UnpackAsync(chain, tar, lease, ct);
                newLayers.Add(new LayerRow(chain, diff, null, size));
            }
            var row = new ImageRow(id, now, null, size, null, [chain]);
            await _store.CommitImageAsync(row, newLayers, newRef is null ? [] : [newRef], now, ct);
            ImageLog.Imported(_log, id.ToString());
            if (newRef is not null) Publish("tag", id, newRef.FamiliarString, config);
            Publish("import", id, id.ToString(), config);
            return id;
        }, ct);
    }
}
