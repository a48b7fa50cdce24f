using Wharf.Api;
using Wharf.Api.Containers;

namespace Wharf.Client;

/// <summary>The <c>/containers</c> calls of a <see cref="WharfClient"/>; its parts live in the ContainersClient.*.cs files.</summary>
public sealed partial class ContainersClient
{
    readonly WharfClient _client;

    internal ContainersClient(WharfClient client) => _client = client;

    /// <summary><c>GET /containers/{id}/json</c>; <paramref name="size"/> asks for SizeRw and SizeRootFs.</summary>
    public Task<ContainerInspect> InspectAsync(string id, bool size = false, CancellationToken ct = default)
        => _client.GetJsonAsync($"/containers/{id}/json" + new Query().Add("size", size ? true : null), WharfJson.Default.ContainerInspect, ct);
}
