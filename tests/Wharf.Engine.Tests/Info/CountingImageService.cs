using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Info;

/// <summary>An image service that only lists: the system service needs nothing else, so everything else fails loudly.</summary>
internal sealed class CountingImageService : IImageService
{
    public List<ImageView> Images { get; } = [];
    public List<ImageListRequest> ListRequests { get; } = [];

    public Task<IReadOnlyList<ImageView>> ListAsync(ImageListRequest request, CancellationToken ct)
    {
        ListRequests.Add(request);
        return Task.FromResult<IReadOnlyList<ImageView>>(Images);
    }

    public IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, bool quiet, CancellationToken ct) => throw new NotSupportedException();
    public Task<Digest> ImportAsync(Stream rootfs, ImageImportRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task<Digest> CommitAsync(ImageCommitRequest request, Func<Stream, CancellationToken, Task> writeLayer, CancellationToken ct) => throw new NotSupportedException();
    public Task<IImageArchive> ExportAsync(IReadOnlyList<string> names, CancellationToken ct) => throw new NotSupportedException();
    public Task<ImageView> InspectAsync(string name, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken ct) => throw new NotSupportedException();
    public Task TagAsync(string source, string repository, string? tag, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteEntry>> DeleteAsync(string name, bool force, bool noPrune, CancellationToken ct) => throw new NotSupportedException();
    public Task<ImagePruneResult> PruneAsync(FilterSet filters, CancellationToken ct) => throw new NotSupportedException();
    public Task<ImageDiskUsage> DiskUsageAsync(CancellationToken ct) => throw new NotSupportedException();
}
