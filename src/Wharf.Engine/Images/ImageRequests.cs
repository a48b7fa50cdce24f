using Wharf.Engine.Filters;

namespace Wharf.Engine.Images;

/// <summary><c>GET /images/json</c>: <c>all</c> also lists intermediate images; filters dangling, label, reference, before, since.</summary>
public sealed record ImageListRequest(bool All, FilterSet Filters);

/// <summary>
/// <c>POST /images/create?fromSrc=-</c>: the tag the new image gets (none when <see cref="Repository"/> is null),
/// Dockerfile-like <see cref="Changes"/> (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)
/// and a history comment.
/// </summary>
public sealed record ImageImportRequest(string? Repository, string? Tag, IReadOnlyList<string> Changes, string? Message, string? Platform);

/// <summary>
/// A new image from a container (<c>POST /commit</c>): <see cref="Parent"/> is the container's image, whose layers the new
/// one builds on; <see cref="Config"/> is the run config with the changes applied, <see cref="ContainerConfig"/> the
/// container's own; <see cref="Tag"/> (already validated) is given to the image when set.
/// </summary>
public sealed record ImageCommitRequest(Digest Parent, string ContainerId, RunConfig Config, RunConfig ContainerConfig,
    string? Author, string? Comment, References.ImageReference? Tag);

/// <summary>One line of <c>GET /images/{name}/history</c>, newest first; <see cref="Id"/> is the image id or <c>&lt;missing&gt;</c>.</summary>
public sealed record ImageHistoryEntry(string Id, DateTimeOffset Created, string CreatedBy, IReadOnlyList<string> Tags, long Size, string Comment);

/// <summary>One result line of a delete or prune: exactly one of the two is set.</summary>
public sealed record ImageDeleteEntry(string? Untagged, string? Deleted)
{
    public static ImageDeleteEntry Untag(string reference) => new(reference, null);
    public static ImageDeleteEntry Delete(string id) => new(null, id);
}

/// <summary>The result of <c>POST /images/prune</c>.</summary>
public sealed record ImagePruneResult(IReadOnlyList<ImageDeleteEntry> Deleted, long SpaceReclaimed);

/// <summary>The images part of <c>GET /system/df</c>.</summary>
public sealed record ImageDiskUsage(long LayersSize, IReadOnlyList<ImageUsage> Images);

/// <summary>An image with how much of it it shares with other images and how many containers use it.</summary>
public sealed record ImageUsage(ImageView Image, long SharedSize, int Containers);

/// <summary>
/// One message of a load or import progress stream. <see cref="Stream"/> is text for the user
/// (<c>Loaded image: busybox:latest</c>); <see cref="Status"/> with <see cref="Id"/> and the counters is progress.
/// </summary>
public sealed record ImageProgress(string? Id = null, string? Status = null, string? Stream = null, long? Current = null, long? Total = null);

/// <summary>
/// A set of images ready to be written as a docker-archive tar; names were resolved when it was made. It holds
/// the blobs until disposed, written or not.
/// </summary>
public interface IImageArchive : IAsyncDisposable
{
    Task WriteToAsync(Stream output, CancellationToken ct);
}
