using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Server.Tests.Fakes;

/// <summary>An image service whose every operation is a settable function; unset ones fail the test loudly.</summary>
public sealed class FakeImageService : IImageService
{
    public Func<Stream, bool, CancellationToken, IAsyncEnumerable<ImageProgress>> OnLoad { get; set; } = (_, _, _) => throw Unexpected("Load");
    public Func<Stream, ImageImportRequest, Task<Digest>> OnImport { get; set; } = (_, _) => throw Unexpected("Import");
    public Func<IReadOnlyList<string>, Task<IImageArchive>> OnExport { get; set; } = _ => throw Unexpected("Export");
    public Func<ImageListRequest, IReadOnlyList<ImageView>> OnList { get; set; } = _ => throw Unexpected("List");
    public Func<string, ImageView> OnInspect { get; set; } = _ => throw Unexpected("Inspect");
    public Func<string, IReadOnlyList<ImageHistoryEntry>> OnHistory { get; set; } = _ => throw Unexpected("History");
    public Action<string, string, string?> OnTag { get; set; } = (_, _, _) => throw Unexpected("Tag");
    public Func<string, bool, bool, IReadOnlyList<ImageDeleteEntry>> OnDelete { get; set; } = (_, _, _) => throw Unexpected("Delete");
    public Func<FilterSet, ImagePruneResult> OnPrune { get; set; } = _ => throw Unexpected("Prune");
    public Func<ImageDiskUsage> OnDiskUsage { get; set; } = () => throw Unexpected("DiskUsage");

    public IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, bool quiet, CancellationToken ct) => OnLoad(archive, quiet, ct);
    public Task<Digest> ImportAsync(Stream rootfs, ImageImportRequest request, CancellationToken ct) => OnImport(rootfs, request);
    public Task<Digest> CommitAsync(ImageCommitRequest request, Func<Stream, CancellationToken, Task> writeLayer, CancellationToken ct) =>
        throw Unexpected("Commit");
    public Task<IImageArchive> ExportAsync(IReadOnlyList<string> names, CancellationToken ct) => OnExport(names);
    public Task<IReadOnlyList<ImageView>> ListAsync(ImageListRequest request, CancellationToken ct) => Task.FromResult(OnList(request));
    public Task<ImageView> InspectAsync(string name, CancellationToken ct) => Task.FromResult(OnInspect(name));
    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken ct) => Task.FromResult(OnHistory(name));

    public Task TagAsync(string source, string repository, string? tag, CancellationToken ct)
    {
        OnTag(source, repository, tag);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImageDeleteEntry>> DeleteAsync(string name, bool force, bool noPrune, CancellationToken ct) =>
        Task.FromResult(OnDelete(name, force, noPrune));

    public Task<ImagePruneResult> PruneAsync(FilterSet filters, CancellationToken ct) => Task.FromResult(OnPrune(filters));
    public Task<ImageDiskUsage> DiskUsageAsync(CancellationToken ct) => Task.FromResult(OnDiskUsage());

    static InvalidOperationException Unexpected(string what) => new($"unexpected call to IImageService.{what}");
}
