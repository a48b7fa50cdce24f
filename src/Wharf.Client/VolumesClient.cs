using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Api;
using Wharf.Api.Volumes;

namespace Wharf.Client;

/// <summary>The <c>/volumes</c> calls of a <see cref="WharfClient"/>. Names go into paths unescaped, as the docker CLI sends them.</summary>
public sealed class VolumesClient
{
    readonly WharfClient _client;

    internal VolumesClient(WharfClient client) => _client = client;

    /// <summary>
    /// <c>POST /volumes/create</c>: the body as the docker CLI writes it (Go's omitempty: no empty name, driver or map), so
    /// the daemon names an anonymous volume itself. Creating an existing name returns that volume.
    /// </summary>
    public async Task<Volume> CreateAsync(VolumeCreateOptions options, CancellationToken ct = default)
    {
        var body = new JsonObject();
        if (!string.IsNullOrEmpty(options.Driver)) body["Driver"] = options.Driver;
        if (options.DriverOpts is { Count: > 0 } opts) body["DriverOpts"] = ToObject(opts);
        if (options.Labels is { Count: > 0 } labels) body["Labels"] = ToObject(labels);
        if (!string.IsNullOrEmpty(options.Name)) body["Name"] = options.Name;
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.SendAsync(HttpMethod.Post, "/volumes/create", content, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.Volume, ct);
    }

    /// <summary><c>GET /volumes</c>, in the daemon's order.</summary>
    public Task<VolumeListResponse> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
        => _client.GetJsonAsync("/volumes" + new Query().AddFilters(filters), static j => j.VolumeListResponse, ct);

    /// <summary><c>GET /volumes/{name}</c>.</summary>
    public Task<Volume> InspectAsync(string name, CancellationToken ct = default)
        => _client.GetJsonAsync($"/volumes/{name}", static j => j.Volume, ct);

    /// <summary><c>DELETE /volumes/{name}[?force=1]</c>.</summary>
    public async Task RemoveAsync(string name, bool force = false, CancellationToken ct = default)
    {
        using var _ = await _client.SendAsync(HttpMethod.Delete, $"/volumes/{name}" + new Query().Add("force", force ? true : null), null, ct);
    }

    /// <summary><c>POST /volumes/prune</c>; which volumes go depends on the API version and the <c>all</c> filter (1.42+).</summary>
    public async Task<VolumePruneResponse> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/volumes/prune" + new Query().AddFilters(filters), null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.VolumePruneResponse, ct);
    }

    static JsonObject ToObject(Dictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
