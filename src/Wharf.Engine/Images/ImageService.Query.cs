using Wharf.Engine.Filters;
using Wharf.Engine.References;

namespace Wharf.Engine.Images;

public sealed partial class ImageService
{
    public async Task<IReadOnlyList<ImageView>> ListAsync(ImageListRequest request, CancellationToken ct)
    {
        var filters = request.Filters;
        filters.Validate("dangling", "label", "reference", "before", "since");
        var dangling = filters.GetBool("dangling");
        var index = await _store.ReadAsync(ct);
        var before = await BoundaryAsync(index, filters.Get("before"), ct);
        var since = await BoundaryAsync(index, filters.Get("since"), ct);
        var patterns = filters.Get("reference");
        var result = new List<ImageView>();
        foreach (var row in index.Images.Values)
        {
            var config = await ConfigAsync(row.Id, ct);
            var created = config.Created ?? row.Created;
            if (before.Any(b => created >= b) || since.Any(s => created <= s)) continue;
            if (filters.Contains("label") && (config.Config?.Labels is null || !filters.MatchesLabels("label", config.Config.Labels))) continue;
            Func<TagRow, bool>? match = patterns.Count == 0 ? null : t => patterns.Any(p => ReferencePattern.FamiliarMatch(p, t.Reference));
            var view = await ViewAsync(index, row, match, ct);
            if (view.RepoTags.Count == 0 && view.RepoDigests.Count == 0)
            {
                // As dockerd: untagged images with children are intermediate and shown only with all=1.
                if (!request.All && index.HasChildren(row.Id)) continue;
                if (dangling == false || patterns.Count > 0) continue;
            }
            else if (dangling == true && view.RepoTags.Count > 0) continue;
            result.Add(view);
        }
        return result.OrderByDescending(v => v.Created).ThenBy(v => v.Id.Hex, StringComparer.Ordinal).ToList();
    }

    async Task<List<DateTimeOffset>> BoundaryAsync(ImageIndex index, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var times = new List<DateTimeOffset>();
        foreach (var name in names)
        {
            var row = Require(index, name);
            times.Add((await ConfigAsync(row.Id, ct)).Created ?? row.Created);
        }
        return times;
    }

    static ImageRow Require(ImageIndex index, string name)
    {
        var resolution = ImageResolver.Resolve(index, name);
        return resolution.Image ?? throw ImageErrors.NoSuchImage(resolution.NotFoundName);
    }

    public async Task<ImageView> InspectAsync(string name, CancellationToken ct)
    {
        var index = await _store.ReadAsync(ct);
        var resolution = ImageResolver.Resolve(index, name);
        if (resolution.Image is null) throw ImageErrors.NoSuchImageInspect(name, resolution.NotFoundName);
        return await ViewAsync(index, resolution.Image, null, ct);
    }

    public async Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken ct)
    {
        var index = await _store.ReadAsync(ct);
        var row = Require(index, name);
        var config = await ConfigAsync(row.Id, ct);
        var entries = new List<(DateTimeOffset Created, string CreatedBy, long Size, string Comment)>();
        var layer = 0;
        foreach (var h in config.History ?? [])
        {
            long size = 0;
            if (h.EmptyLayer != true)
            {
                if (layer >= row.Layers.Count) throw EngineException.Invalid("too many non-empty layers in History section");
                size = index.Layers.TryGetValue(row.Layers[layer].Digest.Hex, out var l) ? l.Size : 0;
                layer++;
            }
            entries.Insert(0, (h.Created ?? DateTimeOffset.UnixEpoch, h.CreatedBy ?? "", size, h.Comment ?? ""));
        }
        // The newest entries belong to the image itself, older ones to its parents while they are known locally.
        var result = new List<ImageHistoryEntry>(entries.Count);
        ImageRow? owner = row;
        foreach (var (created, createdBy, size, comment) in entries)
        {
            string id = "<missing>";
            IReadOnlyList<string> tags = [];
            if (owner is not null)
            {
                id = owner.Id.ToString();
                tags = index.TagsOf(owner.Id).Where(t => t.Reference.Tag is not null)
                    .Select(t => t.Reference.FamiliarString).Order(StringComparer.Ordinal).ToList();
                owner = owner.Parent is { } p ? index.Images.GetValueOrDefault(p.Hex) : null;
            }
            result.Add(new ImageHistoryEntry(id, created, createdBy, tags, size, comment));
        }
        return result;
    }

    public async Task<ImageDiskUsage> DiskUsageAsync(CancellationToken ct)
    {
        var index = await _store.ReadAsync(ct);
        var usage = new List<ImageUsage>();
        foreach (var row in index.Images.Values)
        {
            var shared = row.Layers.Distinct()
                .Where(c => index.LayerUsers(c) > 1)
                .Sum(c => index.Layers.TryGetValue(c.Digest.Hex, out var l) ? l.Size : 0);
            usage.Add(new ImageUsage(await ViewAsync(index, row, null, ct), shared, _users.ContainersUsing(row.Id).Count));
        }
        return new ImageDiskUsage(index.Layers.Values.Sum(l => l.Size),
            usage.OrderByDescending(u => u.Image.Created).ToList());
    }

    public async Task<IImageArchive> ExportAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var index = await _store.ReadAsync(ct);
        var images = new List<(ImageRow Image, List<ImageReference> Tags)>();
        void Add(ImageRow image, ImageReference? tag)
        {
            var i = images.FindIndex(x => x.Image.Id == image.Id);
            if (i < 0)
            {
                images.Add((image, []));
                i = images.Count - 1;
            }
            if (tag is not null && !images[i].Tags.Contains(tag)) images[i].Tags.Add(tag);
        }
        foreach (var name in names)
        {
            // As dockerd's save: ids export without RepoTags, "repo" exports every tag of it, "repo:tag" that tag.
            if (ImageResolver.TryFullId(name, out var id))
            {
                Add(index.Images.GetValueOrDefault(id.Hex) ?? throw ImageErrors.NoSuchImage(id.ToString()), null);
                continue;
            }
            var named = ImageReference.ParseNormalized(name);
            if (named.FamiliarName == "sha256")
            {
                Add(ImageResolver.SearchPrefix(index, name) ?? throw ImageErrors.NoSuchImage(name), null);
                continue;
            }
            if (named.IsNameOnly)
            {
                var tags = index.Tags.Where(t => t.Reference.Name == named.Name && t.Reference.Tag is not null && t.Reference.Digest is null).ToList();
                foreach (var t in tags) Add(index.Images[t.ImageId.Hex], t.Reference);
                if (tags.Count == 0) Add(ImageResolver.SearchPrefix(index, name) ?? throw ImageErrors.NoSuchImage(name), null);
                continue;
            }
            var tag = index.FindTag(named) ?? throw ImageErrors.ReferenceDoesNotExist();
            Add(index.Images[tag.ImageId.Hex], named.Digest is null ? named : null);
        }
        var lease = _leases.Begin();
        foreach (var (image, _) in images)
        {
            lease.Add(Storage.BlobStore.BlobKey(image.Id.Hex));
            foreach (var chain in image.Layers)
                if (index.Layers.TryGetValue(chain.Digest.Hex, out var l)) lease.Add(Storage.BlobStore.BlobKey(l.DiffId.Digest.Hex));
        }
        // A delete that committed between the read and the lease may have removed a blob: check under the lease.
        foreach (var (image, _) in images)
            if (!_blobs.Exists(image.Id))
            {
                lease.Dispose();
                throw ImageErrors.NoSuchImage(image.Id.ToString());
            }
        return new DockerArchiveWriter(images.Select(x => (x.Image, (IReadOnlyList<ImageReference>)x.Tags)).ToList(), _blobs, lease,
            (id, config) => Publish("save", id, id.ToString(), config));
    }
}
