using Wharf.Engine.References;

namespace Wharf.Engine.Images;

/// <summary>The outcome of resolving user input to an image: the image, or the familiar name dockerd's 404 names.</summary>
internal sealed record Resolution(ImageRow? Image, string NotFoundName);

/// <summary>
/// Resolves names as dockerd's <c>GetImage</c> does: a full id (<c>sha256:&lt;hex&gt;</c> or 64 hex); else a reference
/// (tag <c>latest</c> when none), looked up among the tags; else a unique id prefix. An ambiguous prefix resolves to nothing.
/// </summary>
internal static class ImageResolver
{
    public static Resolution Resolve(ImageIndex index, string input)
    {
        if (TryFullId(input, out var id))
            return new Resolution(index.Images.GetValueOrDefault(id.Hex), id.ToString());
        var named = ImageReference.ParseNormalized(input);
        var tagged = named.Digest is null ? named.WithDefaultTag() : named;
        if (index.FindTag(tagged) is { } tag && index.Images.TryGetValue(tag.ImageId.Hex, out var byTag))
            return new Resolution(byTag, tagged.FamiliarString);
        return new Resolution(SearchPrefix(index, input), tagged.FamiliarString);
    }

    /// <summary>The single image whose id starts with <paramref name="term"/> (with or without <c>sha256:</c>); null when none or several.</summary>
    public static ImageRow? SearchPrefix(ImageIndex index, string term)
    {
        var hex = term.StartsWith("sha256:", StringComparison.Ordinal) ? term[7..] : term;
        if (hex.Length == 0 || hex.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0) return null;
        ImageRow? found = null;
        foreach (var image in index.Images.Values)
        {
            if (!image.Id.Hex.StartsWith(hex, StringComparison.Ordinal)) continue;
            if (found is not null) return null;
            found = image;
        }
        return found;
    }

    /// <summary><c>sha256:&lt;64 hex&gt;</c> or a bare 64-hex string, which Docker reads as an id, never as a name.</summary>
    public static bool TryFullId(string input, out Digest id)
    {
        if (ImageReference.IsFullHexId(input))
        {
            id = Digest.Sha256(input);
            return true;
        }
        return Digest.TryParse(input, out id) && id.Algorithm == "sha256";
    }

    /// <summary>dockerd's <c>isImageIDPrefix</c>: the input names the image by id rather than by reference.</summary>
    public static bool IsIdPrefix(Digest id, string input) =>
        id.ToString().StartsWith(input, StringComparison.Ordinal) || id.Hex.StartsWith(input, StringComparison.Ordinal);
}
