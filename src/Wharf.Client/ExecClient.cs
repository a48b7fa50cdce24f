using Wharf.Api;
using Wharf.Api.Exec;

namespace Wharf.Client;

/// <summary>The <c>/exec</c> calls of a <see cref="WharfClient"/>; its parts live in the ExecClient.*.cs files.</summary>
public sealed partial class ExecClient
{
    readonly WharfClient _client;

    internal ExecClient(WharfClient client) => _client = client;

    /// <summary><c>GET /exec/{id}/json</c>.</summary>
    public Task<ExecInspect> InspectAsync(string id, CancellationToken ct = default)
        => _client.GetJsonAsync($"/exec/{id}/json", static j => j.ExecInspect, ct);
}
