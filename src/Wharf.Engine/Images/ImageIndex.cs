using Wharf.Engine.References;

namespace Wharf.Engine.Images;

/// <summary>One row of <c>images</c> with its layer chain, bottom first.</summary>
internal sealed record ImageRow(Digest Id, DateTimeOffset Created, Digest? Parent, long Size, DateTimeOffset? LastTagTime, IReadOnlyList<ChainId> Layers);

/// <summary>One row of <c>layers</c>: an unpacked layer, shared by every image whose chain contains it.</summary>
internal sealed record LayerRow(ChainId ChainId, DiffId DiffId, ChainId? Parent, long Size);

/// <summary>One row of <c>tags</c>: a normalised reference (tag or digest) pointing at an image.</summary>
internal sealed record TagRow(ImageReference Reference, Digest ImageId);

/// <summary>A consistent snapshot of the image metadata, read in one transaction.</summary>
internal sealed class ImageIndex(
    IReadOnlyDictionary<string, ImageRow> images,
    IReadOnlyDictionary<string, LayerRow> layers,
    IReadOnlyList<TagRow> tags)
{
    /// <summary>Images by id hex.</summary>
    public IReadOnlyDictionary<string, ImageRow> Images { get; } = images;

    /// <summary>Layers by chain id hex.</summary>
    public IReadOnlyDictionary<string, LayerRow> Layers { get; } = layers;

    public IReadOnlyList<TagRow> Tags { get; } = tags;

    public IEnumerable<TagRow> TagsOf(Digest imageId) => Tags.Where(t => t.ImageId == imageId);

    public TagRow? FindTag(ImageReference reference)
    {
        var key = reference.ToString();
        return Tags.FirstOrDefault(t => t.Reference.ToString() == key);
    }

    public bool HasChildren(Digest imageId) => Images.Values.Any(i => i.Parent == imageId);

    /// <summary>How many images use a layer (containers will add their own count here).</summary>
    public int LayerUsers(ChainId chain) => Images.Values.Count(i => i.Layers.Contains(chain));
}
