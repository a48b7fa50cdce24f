using System.Globalization;
using System.Net.Http.Json;
using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>The container calls that change a container's state: stop, restart, kill, pause, rename, update, prune, commit.</summary>
public sealed partial class ContainersClient
{
    /// <summary><c>POST /containers/{id}/stop[?t=][&amp;signal=]</c>; false when it was not running (304).</summary>
    public Task<bool> StopAsync(string id, int? timeout = null, string? signal = null, CancellationToken ct = default)
        => PostAsync($"/containers/{id}/stop" + new Query().Add("signal", signal).Add("t", Seconds(timeout)), ct);

    /// <summary><c>POST /containers/{id}/restart[?t=][&amp;signal=]</c>.</summary>
    public Task<bool> RestartAsync(string id, int? timeout = null, string? signal = null, CancellationToken ct = default)
        => PostAsync($"/containers/{id}/restart" + new Query().Add("signal", signal).Add("t", Seconds(timeout)), ct);

    /// <summary><c>POST /containers/{id}/kill[?signal=]</c>; signals go as given (name with or without SIG, or number).</summary>
    public Task<bool> KillAsync(string id, string? signal = null, CancellationToken ct = default)
        => PostAsync($"/containers/{id}/kill" + new Query().Add("signal", signal), ct);

    /// <summary><c>POST /containers/{id}/pause</c>.</summary>
    public Task<bool> PauseAsync(string id, CancellationToken ct = default) => PostAsync($"/containers/{id}/pause", ct);

    /// <summary><c>POST /containers/{id}/unpause</c>.</summary>
    public Task<bool> UnpauseAsync(string id, CancellationToken ct = default) => PostAsync($"/containers/{id}/unpause", ct);

    /// <summary><c>POST /containers/{id}/rename?name=</c>.</summary>
    public Task<bool> RenameAsync(string id, string newName, CancellationToken ct = default)
        => PostAsync($"/containers/{id}/rename" + new Query().Add("name", newName), ct);

    /// <summary><c>POST /containers/{id}/update</c>: the daemon's warnings (none is an empty list).</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(string id, ContainerUpdateRequest request, CancellationToken ct = default)
    {
        using var content = JsonContent.Create(request, WharfJson.Default.ContainerUpdateRequest);
        using var response = await _client.SendAsync(HttpMethod.Post, $"/containers/{id}/update", content, ct);
        var answer = await WharfClient.ReadJsonAsync(response, WharfJson.Default.ContainerUpdateResponse, ct);
        return answer.Warnings ?? [];
    }

    /// <summary><c>POST /containers/prune[?filters=]</c>.</summary>
    public async Task<ContainerPruneResponse> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/containers/prune" + new Query().AddFilters(filters), null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ContainerPruneResponse, ct);
    }

    /// <summary>
    /// <c>POST /commit?container=&amp;repo=&amp;tag=&amp;comment=&amp;author=&amp;pause=&amp;changes=…</c> (one <c>changes</c> per Dockerfile
    /// instruction): the new image's id.
    /// </summary>
    public async Task<string> CommitAsync(string id, string? repo, string? tag, string? comment, string? author, bool pause,
        IReadOnlyList<string> changes, CancellationToken ct = default)
    {
        var query = new Query().Add("author", author);
        foreach (var change in changes) query.Add("changes", change);
        query.Add("comment", comment).Add("container", id).Add("pause", pause ? null : false).Add("repo", repo).Add("tag", tag);
        using var response = await _client.SendAsync(HttpMethod.Post, "/commit" + query, null, ct);
        return (await WharfClient.ReadJsonAsync(response, WharfJson.Default.IdResponse, ct)).Id;
    }

    async Task<bool> PostAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, pathAndQuery, null, ct);
        return response.StatusCode != System.Net.HttpStatusCode.NotModified;
    }

    static string? Seconds(int? timeout) => timeout?.ToString(CultureInfo.InvariantCulture);
}
