using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Common;
using Wharf.Api.Images;

namespace Wharf.Client;

/// <summary>The <c>/images</c> calls of a <see cref="WharfClient"/>. Names go into paths unescaped, as the docker CLI sends them.</summary>
public sealed partial class ImagesClient
{
    readonly WharfClient _client;

    internal ImagesClient(WharfClient client) => _client = client;

    /// <summary><c>GET /images/json</c>.</summary>
    public Task<ImageSummary[]> ListAsync(bool all = false, IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null,
                                          bool digests = false, CancellationToken ct = default)
        => _client.GetJsonAsync(ListPath(all, filters, digests), static j => j.ImageSummaryArray, ct);

    /// <summary>As <see cref="ListAsync"/>, the answer as a parsed JSON array: for output that reads a few fields of each entry, without the serializer's metadata.</summary>
    public Task<JsonElement> ListJsonAsync(bool all = false, IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null,
                                           bool digests = false, CancellationToken ct = default)
        => _client.GetJsonElementAsync(ListPath(all, filters, digests), ct);

    static string ListPath(bool all, IReadOnlyDictionary<string, IReadOnlyList<string>>? filters, bool digests)
        => "/images/json" + new Query().Add("all", all ? true : null).Add("digests", digests ? true : null).AddFilters(filters);

    /// <summary><c>GET /images/{name}/json</c>.</summary>
    public Task<ImageInspect> InspectAsync(string name, CancellationToken ct = default)
        => _client.GetJsonAsync($"/images/{name}/json", static j => j.ImageInspect, ct);

    /// <summary><c>GET /images/{name}/history</c>, newest first.</summary>
    public Task<ImageHistoryItem[]> HistoryAsync(string name, CancellationToken ct = default)
        => _client.GetJsonAsync($"/images/{name}/history", static j => j.ImageHistoryItemArray, ct);

    /// <summary><c>POST /images/{name}/tag?repo=&amp;tag=</c>.</summary>
    public async Task TagAsync(string name, string repo, string? tag = null, CancellationToken ct = default)
    {
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/images/{name}/tag" + new Query().Add("repo", repo).Add("tag", tag), null, ct);
    }

    /// <summary><c>DELETE /images/{name}</c>: what was untagged and deleted.</summary>
    public async Task<ImageDeleteResponseItem[]> DeleteAsync(string name, bool force = false, bool noPrune = false, CancellationToken ct = default)
    {
        var query = new Query().Add("force", force ? true : null).Add("noprune", noPrune ? true : null);
        using var response = await _client.SendAsync(HttpMethod.Delete, $"/images/{name}" + query, null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ImageDeleteResponseItemArray, ct);
    }

    /// <summary><c>POST /images/prune</c>; without filters only dangling images go, as with dockerd.</summary>
    public async Task<ImagePruneResponse> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/images/prune" + new Query().AddFilters(filters), null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ImagePruneResponse, ct);
    }

    /// <summary>
    /// <c>POST /images/load</c>: streams <paramref name="archive"/> (a docker-archive or OCI layout tar) and yields the
    /// daemon's progress messages; an error message inside the stream throws <see cref="WharfApiException"/>.
    /// The client disposes <paramref name="archive"/> once it is sent.
    /// </summary>
    public async IAsyncEnumerable<JsonMessage> LoadAsync(Stream archive, bool quiet = true, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await _client.SendAsync(HttpMethod.Post, "/images/load" + new Query().Add("quiet", quiet), content, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var message in JsonLines.ReadAsync(body, WharfJson.Default.JsonMessage, ct))
            yield return WharfClient.ThrowIfError(message);
    }

    /// <summary><c>GET /images/get?names=…</c>: the docker-archive tar of the named images, streamed; dispose it when done.</summary>
    public async Task<Stream> SaveAsync(IEnumerable<string> names, CancellationToken ct = default)
    {
        var query = new Query();
        foreach (var name in names) query.Add("names", name);
        var response = await _client.SendAsync(HttpMethod.Get, "/images/get" + query, null, ct);
        try
        {
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>POST /images/create?fromSrc=-</c>: imports a rootfs tarball as a one-layer image with Dockerfile-style
    /// <paramref name="changes"/> (<c>CMD ["sh"]</c>, <c>ENV A=b</c>…) and returns the new image id (<c>sha256:…</c>).
    /// The client disposes <paramref name="rootfs"/> once it is sent.
    /// </summary>
    public async Task<string> ImportAsync(Stream rootfs, string? repo = null, string? tag = null,
                                          IEnumerable<string>? changes = null, string? message = null, CancellationToken ct = default)
    {
        var query = new Query().Add("fromSrc", "-").Add("repo", repo).Add("tag", tag).Add("message", message);
        foreach (var change in changes ?? []) query.Add("changes", change);
        using var content = new StreamContent(rootfs);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await _client.SendAsync(HttpMethod.Post, "/images/create" + query, content, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        string? id = null;
        await foreach (var line in JsonLines.ReadAsync(body, WharfJson.Default.JsonMessage, ct))
            id = WharfClient.ThrowIfError(line).Status ?? id;
        return id ?? throw new WharfApiException((int)response.StatusCode, "the daemon did not report the imported image's id");
    }
}
