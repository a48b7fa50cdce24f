namespace Wharf.Engine.Images;

/// <summary>Everything the API does with images. Names are user input: references, ids, id prefixes.</summary>
public interface IImageService
{
    /// <summary>
    /// Loads a docker-archive (<c>docker save</c>) or an OCI image-layout tarball. The archive is read to the
    /// end before anything is stored, so invalid archives throw before the first progress message; an image
    /// is listed only once all of it is stored.
    /// </summary>
    IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, bool quiet, CancellationToken ct);

    /// <summary>Imports a root filesystem tarball (plain or gzip) as a one-layer image; returns the new image id.</summary>
    Task<Digest> ImportAsync(Stream rootfs, ImageImportRequest request, CancellationToken ct);

    /// <summary>
    /// Stores the layer <paramref name="writeLayer"/> writes (streamed, never whole in memory) on top of the parent's
    /// layers and makes an image of it, as dockerd's commit does: an empty layer is recorded in the history only.
    /// Returns the new image id.
    /// </summary>
    Task<Digest> CommitAsync(ImageCommitRequest request, Func<Stream, CancellationToken, Task> writeLayer, CancellationToken ct);

    /// <summary>Resolves every name now (404 before any byte is written); the archive is written later.</summary>
    Task<IImageArchive> ExportAsync(IReadOnlyList<string> names, CancellationToken ct);

    Task<IReadOnlyList<ImageView>> ListAsync(ImageListRequest request, CancellationToken ct);

    /// <summary>Resolves a reference, a full id or a unique id prefix; 404 with Docker's message otherwise.</summary>
    Task<ImageView> InspectAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken ct);

    /// <summary>Tags <paramref name="source"/> as <paramref name="repository"/>:<paramref name="tag"/> (tag defaults to latest).</summary>
    Task TagAsync(string source, string repository, string? tag, CancellationToken ct);

    /// <summary>Untags or deletes as dockerd does; lists what was untagged and what was deleted (image, then released layers).</summary>
    Task<IReadOnlyList<ImageDeleteEntry>> DeleteAsync(string name, bool force, bool noPrune, CancellationToken ct);

    /// <summary>Removes dangling images (or all unused ones with <c>dangling=false</c>), then any unreferenced blob or layer.</summary>
    Task<ImagePruneResult> PruneAsync(Filters.FilterSet filters, CancellationToken ct);

    Task<ImageDiskUsage> DiskUsageAsync(CancellationToken ct);
}
