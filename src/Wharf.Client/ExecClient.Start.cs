using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Exec;

namespace Wharf.Client;

/// <summary>Creating, starting (hijacked or detached) and resizing an exec.</summary>
public sealed partial class ExecClient
{
    /// <summary><c>POST /containers/{container}/exec</c>: the new exec's id.</summary>
    public async Task<string> CreateAsync(string container, ExecConfig config, CancellationToken ct = default)
    {
        using var content = JsonContent.Create(config, WharfJson.Default.ExecConfig);
        using var response = await _client.SendAsync(HttpMethod.Post, $"/containers/{container}/exec", content, ct);
        return (await WharfClient.ReadJsonAsync(response, WharfJson.Default.IdResponse, ct)).Id;
    }

    /// <summary>
    /// <c>POST /exec/{id}/start</c> with <c>{"Detach":false,"Tty":…}</c>, hijacked: the process's output to read (framed
    /// without a TTY), its stdin to write. The stream ends when the process does; its exit code is in <see cref="InspectAsync"/>.
    /// </summary>
    public Task<HijackedStream> StartAsync(string id, bool tty, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecStartConfig { Detach = false, Tty = tty }, WharfJson.Default.ExecStartConfig);
        return _client.HijackAsync($"/exec/{id}/start", "application/json", body, ct);
    }

    /// <summary><c>POST /exec/{id}/start</c> with <c>{"Detach":true}</c>: a plain request, answered once the process runs.</summary>
    public async Task StartDetachedAsync(string id, bool tty, CancellationToken ct = default)
    {
        using var content = JsonContent.Create(new ExecStartConfig { Detach = true, Tty = tty }, WharfJson.Default.ExecStartConfig);
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/exec/{id}/start", content, ct);
    }

    /// <summary><c>POST /exec/{id}/resize?h=&amp;w=</c>.</summary>
    public async Task ResizeAsync(string id, int height, int width, CancellationToken ct = default)
    {
        var query = new Query().Add("h", height.ToString(CultureInfo.InvariantCulture)).Add("w", width.ToString(CultureInfo.InvariantCulture));
        using var _ = await _client.SendAsync(HttpMethod.Post, $"/exec/{id}/resize{query}", null, ct);
    }
}
