using Wharf.Engine.Filters;
using Wharf.Engine.References;

namespace Wharf.Engine.Images;

public sealed partial class ImageService
{
    public async Task TagAsync(string source, string repository, string? tag, CancellationToken ct)
    {
        await LockedAsync(async () =>
        {
            var index = await _store.ReadAsync(ct);
            var image = Require(index, source);
            var newTag = ImageReference.ParseNormalized(repository);
            if (!string.IsNullOrEmpty(tag)) newTag = newTag.Repository.WithTag(tag);
            if (newTag.Digest is not null) throw EngineException.Invalid("refusing to create a tag with a digest reference");
            newTag = newTag.WithDefaultTag();
            await _store.TagAsync(newTag, image.Id, _time.GetUtcNow(), ct);
            Publish("tag", image.Id, newTag.FamiliarString, await ConfigAsync(image.Id, ct));
            return true;
        }, ct);
    }

    public Task<IReadOnlyList<ImageDeleteEntry>> DeleteAsync(string name, bool force, bool noPrune, CancellationToken ct) =>
        LockedAsync(async () => (await DeleteCoreAsync(name, force, noPrune, ct)).Entries, ct);

    public async Task<ImagePruneResult> PruneAsync(FilterSet filters, CancellationToken ct)
    {
        filters.Validate("dangling", "label", "label!", "until");
        var danglingOnly = filters.GetBool("dangling") ?? true;
        var untilValues = filters.Get("until");
        if (untilValues.Count > 1) throw EngineException.Invalid("more than one until filter specified");
        DateTimeOffset? until = untilValues.Count == 1 ? FilterTime.Parse(untilValues.First(), _time.GetUtcNow()) : null;
        return await LockedAsync(async () =>
        {
            var index = await _store.ReadAsync(ct);
            var deleted = new List<ImageDeleteEntry>();
            long reclaimed = 0;
            foreach (var row in index.Images.Values.OrderByDescending(r => r.Created))
            {
                var tags = index.TagsOf(row.Id).ToList();
                if (tags.Count == 0 && index.HasChildren(row.Id)) continue;
                if (_users.ContainersUsing(row.Id).Count > 0) continue;
                var config = await ConfigAsync(row.Id, ct);
                if (until is { } u && (config.Created ?? row.Created) > u) continue;
                var labels = config.Config?.Labels;
                if (filters.Contains("label") && (labels is null || !filters.MatchesLabels("label", labels))) continue;
                if (filters.Get("label!").Any(l => labels is not null && LabelMatches(l, labels))) continue;
                IEnumerable<string> targets;
                if (tags.Count > 0)
                {
                    if (danglingOnly && tags.Any(t => t.Reference.Tag is not null)) continue;
                    targets = tags.Select(t => t.Reference.ToString());
                }
                else targets = [row.Id.ToString()];
                foreach (var target in targets)
                {
                    try
                    {
                        var outcome = await DeleteCoreAsync(target, force: false, noPrune: false, ct);
                        deleted.AddRange(outcome.Entries.Where(e => e.Deleted is not null));
                        reclaimed += outcome.Released.Sum(l => l.Size);
                    }
                    catch (EngineException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
                    {
                        // As dockerd: an image that cannot go now (used, or already gone with a parent) is skipped.
                    }
                }
            }
            reclaimed += await CollectGarbageAsync(ct);
            return new ImagePruneResult(deleted, reclaimed);
        }, ct);
    }

    static bool LabelMatches(string filter, IReadOnlyDictionary<string, string> labels)
    {
        var eq = filter.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0) return labels.ContainsKey(filter);
        return labels.TryGetValue(filter[..eq], out var v) && v == filter[(eq + 1)..];
    }

    /// <summary>What one delete did: the response lines and the layers it released.</summary>
    sealed record DeleteOutcome(IReadOnlyList<ImageDeleteEntry> Entries, IReadOnlyList<LayerRow> Released);

    /// <summary>dockerd's <c>ImageDelete</c> (daemon/images/image_delete.go), planned in memory and applied in one transaction. Caller holds the lock.</summary>
    async Task<DeleteOutcome> DeleteCoreAsync(string name, bool force, bool noPrune, CancellationToken ct)
    {
        var index = await _store.ReadAsync(ct);
        var resolution = ImageResolver.Resolve(index, name);
        var image = resolution.Image ?? throw ImageErrors.NoSuchImage(resolution.NotFoundName);
        var plan = new DeletePlan(index, _users);
        if (!ImageResolver.IsIdPrefix(image.Id, name))
        {
            // A reference was given: untag it; the image goes only when that was its last reference.
            if (!force && IsSingleReference(plan.RefsOf(image.Id)) && _users.ContainersUsing(image.Id).FirstOrDefault() is { ContainerId: { } user })
                throw ImageErrors.UnableToRemoveReference(name, user, image.Id);
            var parsed = ImageReference.ParseNormalized(name);
            if (parsed.IsNameOnly) parsed = parsed.WithDefaultTag();
            plan.Untag(image.Id, parsed);
            if (parsed.Digest is null && !plan.RefsOf(image.Id).Any(r => r.Digest is null && r.Name == parsed.Name))
                foreach (var digestRef in plan.RefsOf(image.Id).Where(r => r.Digest is not null && r.Name == parsed.Name).ToList())
                    plan.Untag(image.Id, digestRef);
            if (plan.RefsOf(image.Id).Count > 0) return await ApplyAsync(index, plan, ct);
            plan.DeleteHelper(image, force, prune: !noPrune, quiet: true);
        }
        else
        {
            // An id was given: with one repository's references, untag them all and delete; else the helper refuses.
            if (IsSingleReference(plan.RefsOf(image.Id)))
            {
                var conflict = plan.Conflict(image, DeletePlan.Hard | (force ? 0 : DeletePlan.StoppedContainer));
                if (conflict is not null) throw conflict;
                foreach (var r in plan.RefsOf(image.Id).ToList()) plan.Untag(image.Id, r);
            }
            plan.DeleteHelper(image, force, prune: !noPrune, quiet: false);
        }
        return await ApplyAsync(index, plan, ct);
    }

    async Task<DeleteOutcome> ApplyAsync(ImageIndex index, DeletePlan plan, CancellationToken ct)
    {
        var released = await _store.RemoveAsync(plan.Untagged, plan.Deleted, ct);
        RemoveReleased(index, plan.Deleted, released);
        foreach (var (action, id) in plan.Events)
            Publish(action, id, id.ToString(), await ConfigOrNullAsync(id, ct));
        foreach (var image in plan.Deleted) ImageLog.Deleted(_log, image.Id.ToString(), released.Count);
        // Layer lines come from the transaction itself, so the response says exactly what was released.
        var entries = new List<ImageDeleteEntry>();
        foreach (var entry in plan.Entries)
        {
            entries.Add(entry);
            if (entry.Deleted is { } deletedId && plan.Deleted.FirstOrDefault(d => d.Id.ToString() == deletedId) is { } image)
                foreach (var chain in image.Layers.Reverse())
                    if (released.FirstOrDefault(l => l.ChainId == chain) is { } layer && !entries.Any(e => e.Deleted == layer.ChainId.ToString()))
                        entries.Add(ImageDeleteEntry.Delete(layer.ChainId.ToString()));
        }
        return new DeleteOutcome(entries, released);
    }

    async Task<ImageConfigFile?> ConfigOrNullAsync(Digest id, CancellationToken ct)
    {
        if (_configs.TryGetValue(id.Hex, out var cached)) return cached;
        try
        {
            return await ConfigAsync(id, ct);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>dockerd's <c>isSingleReference</c>: at most one tag, and digest references only of that tag's repository.</summary>
    static bool IsSingleReference(IReadOnlyList<ImageReference> refs)
    {
        if (refs.Count <= 1) return refs.Count == 1;
        ImageReference? single = null;
        var canonicalNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in refs)
        {
            if (r.Digest is not null) canonicalNames.Add(r.Name);
            else if (single is null) single = r;
            else return false;
        }
        single ??= refs[0];
        return canonicalNames.Count == 1 && canonicalNames.Contains(single.Name);
    }
}
