using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>The read-only container calls: list, top, changes.</summary>
public sealed partial class ContainersClient
{
    /// <summary><c>GET /containers/json</c>: <paramref name="limit"/> &gt; 0 sends <c>limit</c> (docker's -n/-l, which imply all).</summary>
    public Task<ContainerSummary[]> ListAsync(bool all = false, int limit = 0, bool size = false,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
        => _client.GetJsonAsync(ListPath(all, limit, size, filters), static j => j.ContainerSummaryArray, ct);

    /// <summary>
    /// As <see cref="ListAsync"/>, the answer as a parsed JSON array: for output that reads a few fields of each entry,
    /// without the serializer's metadata for the summary types (~4 ms of a NativeAOT process that lists once).
    /// </summary>
    public Task<JsonElement> ListJsonAsync(bool all = false, int limit = 0, bool size = false,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
        => _client.GetJsonElementAsync(ListPath(all, limit, size, filters), ct);

    static string ListPath(bool all, int limit, bool size, IReadOnlyDictionary<string, IReadOnlyList<string>>? filters)
        => "/containers/json" + new Query().Add("all", all ? true : null)
            .Add("limit", limit > 0 ? limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .Add("size", size ? true : null).AddFilters(filters);

    /// <summary><c>GET /containers/{id}/top[?ps_args=]</c>: titles and rows, as the daemon's ps printed them.</summary>
    public Task<ContainerTopResponse> TopAsync(string id, string? psArgs = null, CancellationToken ct = default)
        => _client.GetJsonAsync($"/containers/{id}/top" + new Query().Add("ps_args", psArgs), static j => j.ContainerTopResponse, ct);

    /// <summary><c>GET /containers/{id}/changes</c>: the filesystem changes against the image (Kind 0 modified, 1 added, 2 deleted).</summary>
    public async Task<ContainerChangeResponseItem[]> ChangesAsync(string id, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, $"/containers/{id}/changes", null, ct);
        // dockerd answers "null" for no changes.
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Trim() is "" or "null" ? [] : System.Text.Json.JsonSerializer.Deserialize(text, WharfJson.Default.ContainerChangeResponseItemArray) ?? [];
    }
}
