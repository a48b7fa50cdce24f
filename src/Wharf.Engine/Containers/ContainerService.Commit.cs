using Wharf.Engine.Images;
using Wharf.Engine.References;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    public async Task<Digest> CommitAsync(ContainerCommitRequest request, CancellationToken ct)
    {
        // The name is checked before anything is paused or read, so a bad one costs nothing.
        var tag = CommitTag(request.Repository, request.Tag);
        var (record, _, held) = await LockAsync(request.Container, ct);
        using (held)
        {
            if (record.State.Status == ContainerStatus.Dead)
                throw EngineException.Conflict($"You cannot commit container {record.Id} which is Dead");
            if (record.State.Status == ContainerStatus.Removing)
                throw EngineException.Conflict($"You cannot commit container {record.Id} which is being removed");

            // As dockerd's CreateImageFromContainer: the changes apply to the given config (the container's by default),
            // then whatever is still unset comes from the container's config.
            var config = ImportChanges.Apply(request.Config ?? record.Spec.Config, request.Changes ?? []);
            config = ConfigMerge.Merge(config, record.Spec.Config, config.Image ?? record.Spec.Config.Image ?? record.ImageName);

            // Paused while the layer is read so that it is consistent; a container the user paused stays paused.
            var paused = request.Pause && record.State.Status == ContainerStatus.Running;
            if (paused)
            {
                await _runtime.PauseAsync(record.Id, ct);
                record = await SaveAsync(record, record.State with { Status = ContainerStatus.Paused });
                Publish(record, "pause");
            }
            Digest id;
            try
            {
                var dir = record.Paths.ContainerDir;
                id = await _images.CommitAsync(
                    new ImageCommitRequest(record.ImageId, record.Id.Value, config, record.Spec.Config, request.Author, request.Comment, tag),
                    (output, token) => _rootfs.WriteDiffAsync(dir, output, token), ct);
            }
            finally
            {
                if (paused)
                {
                    // The container must not stay frozen because the request went away.
                    await _runtime.ResumeAsync(record.Id, CancellationToken.None);
                    record = await SaveAsync(record, record.State with { Status = ContainerStatus.Running });
                    Publish(record, "unpause");
                }
            }
            Publish(record, "commit", ("comment", request.Comment ?? ""), ("imageID", id.ToString()),
                ("imageRef", tag?.FamiliarString ?? ""));
            return id;
        }
    }

    /// <summary>The new image's reference as <c>docker tag</c> builds it, or null when no repository was given.</summary>
    static ImageReference? CommitTag(string? repository, string? tag)
    {
        if (string.IsNullOrEmpty(repository)) return null;
        var reference = ImageReference.ParseNormalized(repository);
        if (!string.IsNullOrEmpty(tag)) reference = reference.Repository.WithTag(tag);
        if (reference.Digest is not null) throw EngineException.Invalid("refusing to create a tag with a digest reference");
        return reference.WithDefaultTag();
    }
}
