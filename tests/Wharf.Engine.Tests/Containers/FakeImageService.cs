using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Engine.Tests.Containers;

/// <summary>An image service that knows a few images by tag or id; everything but inspect fails loudly.</summary>
internal sealed class FakeImageService : IImageService
{
    public List<ImageView> Images { get; } = [];

    public ImageView Add(string tag, RunConfig config, long size = 1000)
    {
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tag)));
        var dir = tag.Replace(':', '_');
        var image = new ImageView
        {
            Id = Digest.Parse("sha256:" + hex),
            RepoTags = [tag],
            RepoDigests = [],
            Created = DateTimeOffset.UnixEpoch,
            Size = size,
            Config = new ImageConfigFile { Config = config },
            Layers = [],
            GraphDriverData = new Dictionary<string, string> { ["UpperDir"] = $"/layers/{dir}/top", ["LowerDir"] = $"/layers/{dir}/mid:/layers/{dir}/base" },
        };
        Images.Add(image);
        return image;
    }

    public Task<ImageView> InspectAsync(string name, CancellationToken ct)
    {
        var withTag = name.Contains(':', StringComparison.Ordinal) ? name : name + ":latest";
        var found = Images.FirstOrDefault(i => i.RepoTags.Contains(withTag) || i.Id.ToString() == name || i.Id.Hex == name);
        return found is not null
            ? Task.FromResult(found)
            : Task.FromException<ImageView>(EngineException.NotFound($"no such image: {name}: No such image: {withTag}"));
    }

    public IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, bool quiet, CancellationToken ct) => throw new NotSupportedException();
    public Task<Digest> ImportAsync(Stream rootfs, ImageImportRequest request, CancellationToken ct) => throw new NotSupportedException();

    /// <summary>Commits received, each with the layer bytes its writer produced.</summary>
    public List<(ImageCommitRequest Request, byte[] Layer)> Commits { get; } = [];

    /// <summary>Called once the layer is written, while the container is still as the commit left it (paused or not).</summary>
    public Action? AfterLayer { get; set; }

    /// <summary>Runs the layer writer into memory and answers with the digest of the request's container id.</summary>
    public async Task<Digest> CommitAsync(ImageCommitRequest request, Func<Stream, CancellationToken, Task> writeLayer, CancellationToken ct)
    {
        using var layer = new MemoryStream();
        await writeLayer(layer, ct);
        AfterLayer?.Invoke();
        Commits.Add((request, layer.ToArray()));
        return Digest.Of(System.Text.Encoding.UTF8.GetBytes(request.ContainerId));
    }
    public Task<IImageArchive> ExportAsync(IReadOnlyList<string> names, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageView>> ListAsync(ImageListRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string name, CancellationToken ct) => throw new NotSupportedException();
    public Task TagAsync(string source, string repository, string? tag, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteEntry>> DeleteAsync(string name, bool force, bool noPrune, CancellationToken ct) => throw new NotSupportedException();
    public Task<ImagePruneResult> PruneAsync(FilterSet filters, CancellationToken ct) => throw new NotSupportedException();
    public Task<ImageDiskUsage> DiskUsageAsync(CancellationToken ct) => throw new NotSupportedException();
}
