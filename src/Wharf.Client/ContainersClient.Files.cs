using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Wharf.Client;

/// <summary>The archive calls behind <c>cp</c>: stat a path, read it as a tar, extract a tar into a directory.</summary>
public sealed partial class ContainersClient
{
    const string PathStatHeader = "X-Docker-Container-Path-Stat";

    /// <summary><c>HEAD /containers/{id}/archive?path=</c>: the path's stat, or null when it does not exist (404 from a known container).</summary>
    public async Task<ContainerPathStat?> StatPathAsync(string id, string path, CancellationToken ct = default)
    {
        try
        {
            using var response = await _client.SendAsync(HttpMethod.Head, $"/containers/{id}/archive" + new Query().Add("path", path), null, ct);
            return ReadStat(response);
        }
        catch (WharfApiException e) when (e.StatusCode == 404 && e.Message.StartsWith("the daemon answered", StringComparison.Ordinal))
        {
            // A HEAD answer has no body: a 404 without a message is "no such path"; a missing container is checked by the caller.
            return null;
        }
    }

    /// <summary><c>GET /containers/{id}/archive?path=</c>: the path's stat and a tar whose entries are named after its last element.</summary>
    public async Task<(ContainerPathStat Stat, Stream Tar)> GetArchiveAsync(string id, string path, CancellationToken ct = default)
    {
        var response = await _client.SendAsync(HttpMethod.Get, $"/containers/{id}/archive" + new Query().Add("path", path), null, ct);
        try
        {
            var stat = ReadStat(response) ?? throw new WharfApiException((int)response.StatusCode, $"the daemon sent no {PathStatHeader} header");
            return (stat, new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct)));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>PUT /containers/{id}/archive?path=&amp;noOverwriteDirNonDir=true[&amp;copyUIDGID=true]</c>: extracts <paramref name="tar"/>
    /// into the directory <paramref name="directory"/> of the container.
    /// </summary>
    public async Task PutArchiveAsync(string id, string directory, Stream tar, bool copyUidGid = false, CancellationToken ct = default)
    {
        var query = new Query().Add("copyUIDGID", copyUidGid ? "true" : null).Add("noOverwriteDirNonDir", "true").Add("path", directory);
        using var content = new StreamContent(tar);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var _ = await _client.SendAsync(HttpMethod.Put, $"/containers/{id}/archive" + query, content, ct);
    }

    /// <summary>Decodes the base64 JSON stat header; null when absent.</summary>
    internal static ContainerPathStat? ReadStat(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.NotFound || !response.Headers.TryGetValues(PathStatHeader, out var values)) return null;
        return ContainerPathStat.Parse(Convert.FromBase64String(values.First()));
    }
}

/// <summary>The stat of a path inside a container: Go's <c>os.FileMode</c> bits in <see cref="Mode"/> (directory 1&lt;&lt;31, symlink 1&lt;&lt;27).</summary>
public sealed record ContainerPathStat(string Name, long Size, uint Mode, DateTimeOffset Mtime, string LinkTarget)
{
    const uint GoModeDir = 1u << 31;
    const uint GoModeSymlink = 1u << 27;

    public bool IsDirectory => (Mode & GoModeDir) != 0;
    public bool IsSymlink => (Mode & GoModeSymlink) != 0;

    /// <summary>Parses <c>{"name":…,"size":…,"mode":…,"mtime":…,"linkTarget":…}</c> without reflection.</summary>
    public static ContainerPathStat Parse(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        var mtime = DateTimeOffset.TryParse(Text("mtime"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : DateTimeOffset.UnixEpoch;
        return new ContainerPathStat(Text("name"), root.TryGetProperty("size", out var s) ? s.GetInt64() : 0,
            root.TryGetProperty("mode", out var m) ? m.GetUInt32() : 0, mtime, Text("linkTarget"));
    }
}
