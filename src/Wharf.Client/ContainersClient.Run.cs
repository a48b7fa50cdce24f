using System.Globalization;
using System.Net.Http.Json;
using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>What <c>run</c>, <c>start -a</c> and <c>attach</c> need beyond the basic calls: the hijacked attach, resize and the signal proxy.</summary>
public sealed partial class ContainersClient
{
    /// <summary>
    /// <c>POST /containers/{id}/attach?…&amp;stream=1</c>, hijacked: the container's output (framed without a TTY, raw with one)
    /// to read, its stdin to write when <paramref name="stdin"/>. The query is in the Go client's order (sorted keys, only
    /// the streams asked for), so the daemon sees what the docker CLI sends.
    /// </summary>
    public Task<HijackedStream> AttachAsync(string id, bool stdin, bool stdout, bool stderr, string? detachKeys = null,
                                            bool logs = false, CancellationToken ct = default)
    {
        var query = new Query()
            .Add("detachKeys", string.IsNullOrEmpty(detachKeys) ? null : detachKeys)
            .Add("logs", logs ? true : null)
            .Add("stderr", stderr ? true : null)
            .Add("stdin", stdin ? true : null)
            .Add("stdout", stdout ? true : null)
            .Add("stream", true);
        return _client.HijackAsync($"/containers/{id}/attach{query}", "text/plain", ReadOnlyMemory<byte>.Empty, ct);
    }

    /// <summary>
    /// <c>POST /containers/create?name=&amp;platform=</c>, as <c>run --platform</c> sends it; an empty platform is left out,
    /// as the docker CLI leaves it out.
    /// </summary>
    public async Task<ContainerCreateResponse> CreateAsync(ContainerCreateRequest request, string? name, string? platform, CancellationToken ct = default)
    {
        using var content = JsonContent.Create(request, WharfJson.Default.ContainerCreateRequest);
        var query = new Query().Add("name", name).Add("platform", string.IsNullOrEmpty(platform) ? null : platform);
        using var response = await _client.SendAsync(HttpMethod.Post, "/containers/create" + query, content, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ContainerCreateResponse, ct);
    }

    /// <summary><c>POST /containers/{id}/resize?h=&amp;w=</c>: the TTY's new size in rows and columns.</summary>
    public async Task ResizeAsync(string id, int height, int width, CancellationToken ct = default)
    {
        var query = new Query().Add("h", height.ToString(CultureInfo.InvariantCulture)).Add("w", width.ToString(CultureInfo.InvariantCulture));
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/containers/{id}/resize{query}", null, ct);
    }

    /// <summary><c>POST /containers/{id}/kill?signal=</c>, as the signal proxy of an attached run sends a signal it received.</summary>
    public async Task SignalAsync(string id, string signal, CancellationToken ct = default)
    {
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/containers/{id}/kill" + new Query().Add("signal", signal), null, ct);
    }
}
