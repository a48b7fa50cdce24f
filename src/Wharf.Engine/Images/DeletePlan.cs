using Wharf.Engine.References;

namespace Wharf.Engine.Images;

/// <summary>
/// The in-memory working set of one delete: which references go, which images go, the response lines and the
/// events, decided with dockerd's rules before anything is written. <see cref="ImageMetadataStore.RemoveAsync"/>
/// then applies it in one transaction.
/// </summary>
internal sealed class DeletePlan(ImageIndex index, IImageUsers users)
{
    public const int DependentChild = 1;
    public const int RunningContainer = 2;
    public const int ActiveReference = 4;
    public const int StoppedContainer = 8;
    public const int Hard = DependentChild | RunningContainer;
    public const int Soft = ActiveReference | StoppedContainer;

    readonly Dictionary<Digest, List<ImageReference>> _refs = index.Tags
        .GroupBy(t => t.ImageId).ToDictionary(g => g.Key, g => g.Select(t => t.Reference).ToList());

    public List<ImageReference> Untagged { get; } = [];
    public List<ImageRow> Deleted { get; } = [];
    public List<ImageDeleteEntry> Entries { get; } = [];
    public List<(string Action, Digest Id)> Events { get; } = [];

    public IReadOnlyList<ImageReference> RefsOf(Digest id) => _refs.TryGetValue(id, out var list) ? list : [];

    public void Untag(Digest id, ImageReference reference)
    {
        if (_refs.TryGetValue(id, out var list)) list.RemoveAll(r => r.ToString() == reference.ToString());
        Untagged.Add(reference);
        Entries.Add(ImageDeleteEntry.Untag(reference.FamiliarString));
        Events.Add(("untag", id));
    }

    bool IsDangling(ImageRow image) => RefsOf(image.Id).Count == 0 && !HasLiveChildren(image.Id);

    bool HasLiveChildren(Digest id) => index.Images.Values.Any(i => i.Parent == id && !Deleted.Contains(i));

    /// <summary>dockerd's <c>checkImageDeleteConflict</c> for the kinds in <paramref name="mask"/>.</summary>
    public EngineException? Conflict(ImageRow image, int mask) => ConflictWithUse(image, mask)?.Error;

    (EngineException Error, bool Used)? ConflictWithUse(ImageRow image, int mask)
    {
        if ((mask & DependentChild) != 0 && HasLiveChildren(image.Id))
            return (ImageErrors.UnableToDelete(image.Id, true, "image has dependent child images"), false);
        var usedBy = users.ContainersUsing(image.Id);
        if ((mask & RunningContainer) != 0 && usedBy.FirstOrDefault(u => u.Running) is { ContainerId: { } running })
            return (ImageErrors.UnableToDelete(image.Id, true, $"image is being used by running container {ImageErrors.Short(running)}"), true);
        if ((mask & ActiveReference) != 0 && RefsOf(image.Id).Count > 0)
            return (ImageErrors.UnableToDelete(image.Id, false, "image is referenced in multiple repositories"), false);
        if ((mask & StoppedContainer) != 0 && usedBy.FirstOrDefault(u => !u.Running) is { ContainerId: { } stopped })
            return (ImageErrors.UnableToDelete(image.Id, false, $"image is being used by stopped container {ImageErrors.Short(stopped)}"), true);
        return null;
    }

    /// <summary>dockerd's <c>imageDeleteHelper</c>: delete the image (all its references first), then prune untagged parents quietly.</summary>
    public void DeleteHelper(ImageRow image, bool force, bool prune, bool quiet)
    {
        var conflict = ConflictWithUse(image, Hard | (force ? 0 : Soft));
        if (conflict is { } c)
        {
            // Quietly keep an image that is still tagged or in use after its reference went (rmi -f of a running image's tag).
            if (quiet && (!IsDangling(image) || c.Used)) return;
            throw c.Error;
        }
        foreach (var r in RefsOf(image.Id).ToList()) Untag(image.Id, r);
        Deleted.Add(image);
        Entries.Add(ImageDeleteEntry.Delete(image.Id.ToString()));
        Events.Add(("delete", image.Id));
        if (!prune || image.Parent is not { } parentId || !index.Images.TryGetValue(parentId.Hex, out var parent)) return;
        DeleteHelper(parent, force: false, prune: true, quiet: true);
    }
}
