namespace Wharf.Engine.Images;

/// <summary>
/// The truthful <see cref="IImageUsers"/> while Wharf has no containers: nothing uses any image. The containers
/// subsystem replaces this registration with its own implementation.
/// </summary>
public sealed class NoContainersYetImageUsers : IImageUsers
{
    public IReadOnlyList<(string ContainerId, bool Running)> ContainersUsing(Digest imageId) => [];
}
