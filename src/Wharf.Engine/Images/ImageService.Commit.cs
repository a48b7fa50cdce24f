using System.IO.Pipelines;
using System.Text.Json;
using Wharf.Engine.Storage;

namespace Wharf.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>The digest of a tar with no entries (1024 zero bytes): dockerd's <c>layer.DigestSHA256EmptyTar</c>.</summary>
    internal static readonly DiffId EmptyTar = new(Digest.Parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"));

    public async Task<Digest> CommitAsync(ImageCommitRequest request, Func<Stream, CancellationToken, Task> writeLayer, CancellationToken ct)
    {
        var parent = await ConfigAsync(request.Parent, ct);
        using var lease = _leases.Begin();
        var diff = await StoreStreamedAsync(writeLayer, lease, ct);

        // As dockerd's NewChildImage: an empty diff adds no layer, only a history entry marked empty_layer.
        var empty = diff == EmptyTar;
        var now = _time.GetUtcNow();
        var history = new HistoryRecord
        {
            Created = now,
            Author = NullIfEmpty(request.Author),
            CreatedBy = NullIfEmpty(string.Join(' ', request.ContainerConfig.Cmd ?? [])),
            Comment = NullIfEmpty(request.Comment),
            EmptyLayer = empty ? true : null,
        };
        var config = new ImageConfigFile
        {
            Architecture = parent.Architecture,
            Variant = parent.Variant,
            Os = parent.Os,
            OsVersion = parent.OsVersion,
            Created = now,
            Author = NullIfEmpty(request.Author),
            Container = request.ContainerId,
            ContainerConfig = request.ContainerConfig,
            Config = request.Config,
            RootFs = new RootFs { DiffIds = empty ? [.. parent.RootFs.DiffIds] : [.. parent.RootFs.DiffIds, diff.ToString()] },
            History = [.. parent.History ?? [], history],
        };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImageJson.Default.ImageConfigFile);
        var id = await _blobs.WriteBytesAsync(configBytes, lease, ct);

        return await LockedAsync(async () =>
        {
            var index = await _store.ReadAsync(ct);
            var parentRow = index.Images.GetValueOrDefault(request.Parent.Hex) ?? throw ImageErrors.NoSuchImage(request.Parent.ToString());
            var chains = parentRow.Layers.ToList();
            var newLayers = new List<LayerRow>();
            var size = parentRow.Size;
            if (!empty)
            {
                var chain = ChainId.For(chains.Count == 0 ? null : chains[^1], diff);
                if (index.Layers.TryGetValue(chain.Digest.Hex, out var existing)) size += existing.Size;
                else
                {
                    long layerSize;
                    await using (var tar = _blobs.OpenRead(diff.Digest))
                        layerSize = await _layers.UnpackAsync(chain, tar, lease, ct);
                    newLayers.Add(new LayerRow(chain, diff, chains.Count == 0 ? null : chains[^1], layerSize));
                    size += layerSize;
                }
                chains.Add(chain);
            }
            var row = new ImageRow(id, now, request.Parent, size, null, chains);
            await _store.CommitImageAsync(row, newLayers, request.Tag is null ? [] : [request.Tag], now, ct);
            _configs[id.Hex] = config;
            ImageLog.Committed(_log, id.ToString(), request.ContainerId);
            if (request.Tag is not null) Publish("tag", id, request.Tag.FamiliarString, config);
            return id;
        }, ct);
    }

    /// <summary>
    /// Runs <paramref name="writeLayer"/> into a pipe whose other end is hashed into a blob, so the layer flows to disk
    /// without being held in memory; a failure on either side ends the other.
    /// </summary>
    async Task<DiffId> StoreStreamedAsync(Func<Stream, CancellationToken, Task> writeLayer, Lease lease, CancellationToken ct)
    {
        var pipe = new Pipe();
        var producer = Task.Run(async () =>
        {
            try
            {
                await using (var input = pipe.Writer.AsStream(leaveOpen: true))
                    await writeLayer(input, ct);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            (Digest Digest, long Size) stored;
            await using (var output = pipe.Reader.AsStream(leaveOpen: true))
                stored = await _blobs.WriteAsync(output, null, lease, null, ct);
            await pipe.Reader.CompleteAsync();
            await producer;
            return new DiffId(stored.Digest);
        }
        catch (Exception e)
        {
            await pipe.Reader.CompleteAsync(e);
            try
            {
                await producer;
            }
            catch (Exception)
            {
                // The writer's failure, if any, already reached the reader side and is the one thrown below.
            }
            throw;
        }
    }

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
