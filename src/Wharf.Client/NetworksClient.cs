using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api;
using Wharf.Api.Containers;
using Wharf.Api.Networks;

namespace Wharf.Client;

/// <summary>The <c>/networks</c> calls of a <see cref="WharfClient"/>. Names and ids go into paths unescaped, as the docker CLI sends them.</summary>
public sealed class NetworksClient
{
    readonly WharfClient _client;

    internal NetworksClient(WharfClient client) => _client = client;

    /// <summary><c>GET /networks</c>, in the daemon's order.</summary>
    public Task<List<Network>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
        => _client.GetJsonAsync("/networks" + new Query().AddFilters(filters), static j => j.ListNetwork, ct);

    /// <summary><c>GET /networks/{id}</c> (not verbose: the swarm-only details are not asked for).</summary>
    public Task<Network> InspectAsync(string id, CancellationToken ct = default)
        => _client.GetJsonAsync($"/networks/{id}", static j => j.Network, ct);

    /// <summary><c>POST /networks/create</c>: the new network's id and the daemon's warning ("" for none).</summary>
    public async Task<NetworkCreateResponse> CreateAsync(NetworkCreateRequest request, CancellationToken ct = default)
    {
        using var content = Json(request, WharfJson.Default.NetworkCreateRequest);
        using var response = await _client.SendAsync(HttpMethod.Post, "/networks/create", content, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.NetworkCreateResponse, ct);
    }

    /// <summary><c>DELETE /networks/{id}</c>.</summary>
    public async Task RemoveAsync(string id, CancellationToken ct = default)
    {
        using var _ = await _client.SendAsync(HttpMethod.Delete, $"/networks/{id}", null, ct);
    }

    /// <summary><c>POST /networks/prune</c>: the names of the networks removed (none: an empty list).</summary>
    public async Task<NetworkPruneResponse> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/networks/prune" + new Query().AddFilters(filters), null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.NetworkPruneResponse, ct);
    }

    /// <summary><c>POST /networks/{id}/connect</c>: attaches <paramref name="container"/>, with its aliases and static address in <paramref name="endpoint"/>.</summary>
    public async Task ConnectAsync(string network, string container, EndpointSettings? endpoint = null, CancellationToken ct = default)
    {
        using var content = Json(new NetworkConnectRequest { Container = container, EndpointConfig = endpoint }, WharfJson.Default.NetworkConnectRequest);
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/networks/{network}/connect", content, ct);
    }

    /// <summary><c>POST /networks/{id}/disconnect</c>; <paramref name="force"/> also works when the container is gone or stopped.</summary>
    public async Task DisconnectAsync(string network, string container, bool force = false, CancellationToken ct = default)
    {
        using var content = Json(new NetworkDisconnectRequest { Container = container, Force = force }, WharfJson.Default.NetworkDisconnectRequest);
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/networks/{network}/disconnect", content, ct);
    }

    /// <summary>A JSON body with a Content-Length, as the docker CLI sends it (not chunked).</summary>
    static StringContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new StringContent(JsonSerializer.Serialize(value, type), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
