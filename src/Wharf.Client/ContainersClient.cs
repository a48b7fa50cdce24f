using System.Net.Http.Json;
using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>The <c>/containers</c> calls of a <see cref="WharfClient"/>; its other parts live in the ContainersClient.*.cs files.</summary>
public sealed partial class ContainersClient
{
    readonly WharfClient _client;

    internal ContainersClient(WharfClient client) => _client = client;

    /// <summary><c>GET /containers/{id}/json</c>; <paramref name="size"/> asks for SizeRw and SizeRootFs.</summary>
    public Task<ContainerInspect> InspectAsync(string id, bool size = false, CancellationToken ct = default)
        => _client.GetJsonAsync($"/containers/{id}/json" + new Query().Add("size", size ? true : null), static j => j.ContainerInspect, ct);

    /// <summary><c>POST /containers/create?name=</c>: the new container's id and the daemon's warnings.</summary>
    public async Task<ContainerCreateResponse> CreateAsync(ContainerCreateRequest request, string? name = null, CancellationToken ct = default)
    {
        using var content = JsonContent.Create(request, WharfJson.Default.ContainerCreateRequest);
        using var response = await _client.SendAsync(HttpMethod.Post, "/containers/create" + new Query().Add("name", name), content, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ContainerCreateResponse, ct);
    }

    /// <summary><c>POST /containers/{id}/start</c>: false when the container was already running (304).</summary>
    public async Task<bool> StartAsync(string id, string? detachKeys = null, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, $"/containers/{id}/start" + new Query().Add("detachKeys", detachKeys), null, ct);
        return response.StatusCode != System.Net.HttpStatusCode.NotModified;
    }

    /// <summary><c>POST /containers/{id}/wait?condition=</c> to its end: the exit status (and the daemon's error, if any).</summary>
    public async Task<ContainerWaitResponse> WaitAsync(string id, string? condition = null, CancellationToken ct = default)
        => await await BeginWaitAsync(id, condition, ct);

    /// <summary>
    /// Sends <c>POST /containers/{id}/wait</c> and returns once the daemon has answered its headers, i.e. once the
    /// wait is registered, with a task for the exit status. <c>run</c> needs this order: wait first, then start, so
    /// that a container that exits at once (or is removed with --rm) is not missed.
    /// </summary>
    public async Task<Task<ContainerWaitResponse>> BeginWaitAsync(string id, string? condition = null, CancellationToken ct = default)
    {
        var response = await _client.SendAsync(HttpMethod.Post, $"/containers/{id}/wait" + new Query().Add("condition", condition), null, ct);
        return ReadAndDisposeAsync(response);

        async Task<ContainerWaitResponse> ReadAndDisposeAsync(HttpResponseMessage r)
        {
            using (r) return await WharfClient.ReadJsonAsync(r, WharfJson.Default.ContainerWaitResponse, ct);
        }
    }

    /// <summary><c>DELETE /containers/{id}?force=&amp;v=</c>.</summary>
    public async Task RemoveAsync(string id, bool force = false, bool volumes = false, CancellationToken ct = default)
    {
        var query = new Query().Add("force", force ? true : null).Add("v", volumes ? true : null);
        using var _ = await _client.SendAsync(HttpMethod.Delete, $"/containers/{id}" + query, null, ct);
    }
}
