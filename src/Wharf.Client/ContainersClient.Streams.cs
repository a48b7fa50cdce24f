using System.Runtime.CompilerServices;
using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>The container calls whose answer is a stream: logs, stats, export.</summary>
public sealed partial class ContainersClient
{
    /// <summary>
    /// <c>GET /containers/{id}/logs</c>: the raw body, framed (see <see cref="Multiplexed"/>) unless the container has a TTY.
    /// <paramref name="tail"/> is a count or <c>all</c>; with <paramref name="follow"/> the stream lasts until the container stops.
    /// </summary>
    public async Task<Stream> LogsAsync(string id, bool stdout = true, bool stderr = true, bool follow = false, bool timestamps = false,
        bool details = false, string? tail = null, DateTimeOffset? since = null, DateTimeOffset? until = null, CancellationToken ct = default)
    {
        var query = new Query().Add("details", details ? true : null).Add("follow", follow ? true : null).Add("since", since)
            .Add("stderr", stderr ? true : null).Add("stdout", stdout ? true : null).Add("tail", tail)
            .Add("timestamps", timestamps ? true : null).Add("until", until);
        return await OpenAsync(HttpMethod.Get, $"/containers/{id}/logs" + query, ct);
    }

    /// <summary><c>GET /containers/{id}/stats?stream=0</c>: one sample, taken after the daemon's second reading so CPU deltas are filled.</summary>
    public async Task<ContainerStats> StatsAsync(string id, CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, $"/containers/{id}/stats?stream=0", null, ct);
        return await WharfClient.ReadJsonAsync(response, WharfJson.Default.ContainerStats, ct);
    }

    /// <summary><c>GET /containers/{id}/stats?stream=1</c>: a sample a second until the container stops or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<ContainerStats> StatsStreamAsync(string id, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, $"/containers/{id}/stats?stream=1", null, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var sample in JsonLines.ReadAsync(body, WharfJson.Default.ContainerStats, ct))
            yield return sample;
    }

    /// <summary><c>GET /containers/{id}/export</c>: a tar of the container's whole filesystem.</summary>
    public Task<Stream> ExportAsync(string id, CancellationToken ct = default)
        => OpenAsync(HttpMethod.Get, $"/containers/{id}/export", ct);

    async Task<Stream> OpenAsync(HttpMethod method, string pathAndQuery, CancellationToken ct)
    {
        var response = await _client.SendAsync(method, pathAndQuery, null, ct);
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
}
