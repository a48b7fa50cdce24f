using Wharf.Engine.Images;

namespace Wharf.Engine.Containers;

/// <summary>The image users the image store asks before deleting: every stored container, from its image id.</summary>
public sealed class ContainerImageUsers(ContainerStore store) : IImageUsers
{
    public IReadOnlyList<(string ContainerId, bool Running)> ContainersUsing(Digest imageId) =>
        store.All().Where(c => c.ImageId == imageId)
            .Select(c => (c.Id.Value, c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting))
            .ToList();
}
