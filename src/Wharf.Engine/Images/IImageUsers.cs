namespace Wharf.Engine.Images;

/// <summary>
/// Who uses an image, so that delete and prune leave used images alone. Containers implement it; until they
/// exist, nothing uses an image.
/// </summary>
public interface IImageUsers
{
    /// <summary>Ids of the containers created from <paramref name="imageId"/>, and whether each one runs.</summary>
    IReadOnlyList<(string ContainerId, bool Running)> ContainersUsing(Digest imageId);
}
