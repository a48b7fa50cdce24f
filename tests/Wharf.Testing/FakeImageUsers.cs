using Wharf.Engine.Images;

namespace Wharf.Testing;

/// <summary>An <see cref="IImageUsers"/> with containers the test declares.</summary>
public sealed class FakeImageUsers : IImageUsers
{
    public List<(Digest ImageId, string ContainerId, bool Running)> Containers { get; } = [];

    public IReadOnlyList<(string ContainerId, bool Running)> ContainersUsing(Digest imageId) =>
        Containers.Where(c => c.ImageId == imageId).Select(c => (c.ContainerId, c.Running)).ToList();
}
