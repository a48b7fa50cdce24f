using System.Runtime.CompilerServices;
using Wharf.Api;
using Wharf.Api.Common;

namespace Wharf.Client;

/// <summary>Pulling, as <c>run</c> does when the image is missing.</summary>
public sealed partial class ImagesClient
{
    /// <summary>
    /// <c>POST /images/create?fromImage=&amp;tag=</c>: the progress messages; an error message in the stream throws
    /// <see cref="WharfApiException"/>, as an error status does.
    /// </summary>
    public async IAsyncEnumerable<JsonMessage> PullAsync(string fromImage, string tag, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = new Query().Add("fromImage", fromImage).Add("tag", tag);
        using var response = await _client.SendAsync(HttpMethod.Post, "/images/create" + query, null, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var message in JsonLines.ReadAsync(body, WharfJson.Default.JsonMessage, ct))
            yield return WharfClient.ThrowIfError(message);
    }
}
