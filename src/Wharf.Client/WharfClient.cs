using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api;
using Wharf.Api.Common;
using Wharf.Api.Events;
using Wharf.Api.Info;

namespace Wharf.Client;

/// <summary>
/// A typed Engine API client. It negotiates the API version once (HEAD /_ping, then min(ours, the daemon's)) and
/// prefixes every later path with it, as the docker CLI does. Construct it with <see cref="ForUnixSocket"/>.
/// </summary>
public sealed class WharfClient : IDisposable
{
    /// <summary>The host the Go client puts in requests over a unix socket; some proxies and daemons expect it.</summary>
    public const string UnixHost = "api.moby.localhost";

    readonly HttpClient _http;
    readonly ApiVersion? _pinned;
    readonly DaemonDialer? _dialer;
    Task<ApiVersion>? _negotiation;

    /// <summary>HTTP/1.1 over the dialer's connections; hijacked requests dial their own.</summary>
    WharfClient(DaemonDialer dialer, Uri baseAddress, ApiVersion? version)
        : this(new Http1Handler(dialer), baseAddress, version, dialer)
    {
    }

    WharfClient(HttpMessageHandler handler, Uri baseAddress, ApiVersion? version, DaemonDialer? dialer = null)
    {
        _dialer = dialer;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            // Events, load and save stream for as long as they need; callers bound them with their token.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pinned = version;
        Images = new ImagesClient(this);
        Containers = new ContainersClient(this);
        Exec = new ExecClient(this);
        Volumes = new VolumesClient(this);
        Networks = new NetworksClient(this);
    }

    /// <summary>A client for the daemon listening on <paramref name="socketPath"/>; <paramref name="version"/> pins the API version instead of negotiating.</summary>
    public static WharfClient ForUnixSocket(string socketPath, ApiVersion? version = null)
        => new(DaemonDialer.ForUnixSocket(socketPath), new Uri($"http://{UnixHost}"), version);

    /// <summary>
    /// A client for a daemon on TCP: plain HTTP without <paramref name="tls"/>, HTTPS with it. A connection attempt gives up
    /// after <paramref name="connectTimeout"/> (default 10 s), so an unreachable host fails clearly.
    /// </summary>
    public static WharfClient ForTcp(string host, int port, ClientTls? tls = null, ApiVersion? version = null, TimeSpan? connectTimeout = null)
    {
        var scheme = tls is null ? "http" : "https";
        var authority = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        var timeout = connectTimeout ?? TimeSpan.FromSeconds(10);
        return new(DaemonDialer.ForTcp(host, port, tls, timeout, $"{authority}:{port}"), new Uri($"{scheme}://{authority}:{port}"), version);
    }

    /// <summary>
    /// A client for a daemon reached through ssh: every connection runs <c>ssh … -- HOST wharf system dial-stdio</c> (see
    /// <see cref="SshDestination.SshArguments"/>) and speaks HTTP over the child's stdin and stdout, as the docker CLI does.
    /// <paramref name="sshProgram"/> is looked up on PATH.
    /// </summary>
    public static WharfClient ForSsh(SshDestination destination, ApiVersion? version = null, string sshProgram = "ssh")
        => new(DaemonDialer.ForSsh(destination, sshProgram), new Uri($"http://{UnixHost}"), version);

    /// <summary>A client over any handler (tests use TestHost's); requests go to <paramref name="baseAddress"/>. It cannot hijack (attach, exec start).</summary>
    public static WharfClient ForHandler(HttpMessageHandler handler, Uri baseAddress, ApiVersion? version = null)
    {
        // Our own handler writes the User-Agent itself; another needs it among the defaults.
        var client = new WharfClient(handler, baseAddress, version);
        client._http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Http1Connection.UserAgent);
        return client;
    }

    /// <summary>The image calls.</summary>
    public ImagesClient Images { get; }

    /// <summary>The container calls.</summary>
    public ContainersClient Containers { get; }

    /// <summary>The exec calls.</summary>
    public ExecClient Exec { get; }

    /// <summary>The volume calls.</summary>
    public VolumesClient Volumes { get; }

    /// <summary>The network calls.</summary>
    public NetworksClient Networks { get; }

    /// <summary>The API version used for requests: pinned, or negotiated with the daemon on first use.</summary>
    public Task<ApiVersion> GetApiVersionAsync(CancellationToken ct = default)
    {
        if (_pinned is ApiVersion v) return Task.FromResult(v);
        var negotiation = _negotiation;
        if (negotiation is null || negotiation.IsFaulted || negotiation.IsCanceled)
        {
            var fresh = NegotiateAsync(ct);
            negotiation = Interlocked.CompareExchange(ref _negotiation, fresh, negotiation) == negotiation ? fresh : _negotiation!;
        }
        return negotiation;
    }

    /// <summary><c>GET /_ping</c>: the daemon's answer body (<c>OK</c>).</summary>
    public async Task<string> PingAsync(CancellationToken ct = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "/_ping", null, ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary><c>GET /_ping</c> without a version prefix: the body and the <c>Api-Version</c> header (null when the daemon sends none).</summary>
    public async Task<(string Body, string? ApiVersion)> PingWithVersionAsync(CancellationToken ct = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "/_ping", null, ct);
        await EnsureSuccessAsync(response, ct);
        var version = response.Headers.TryGetValues("Api-Version", out var values) ? values.First() : null;
        return (await response.Content.ReadAsStringAsync(ct), version);
    }

    /// <summary>
    /// <c>GET /version</c> as raw JSON, and the API version spoken. As the first request it goes without a version prefix,
    /// and the answer's ApiVersion settles the negotiation as the ping's Api-Version header would: one round trip, not two.
    /// </summary>
    public async Task<(JsonElement Body, ApiVersion Version)> GetVersionJsonAsync(CancellationToken ct = default)
    {
        if (_pinned is not null || _negotiation is not null)
        {
            var version = await GetApiVersionAsync(ct);
            return (await GetJsonElementAsync("/version", ct), version);
        }
        using var response = await SendRawAsync(HttpMethod.Get, "/version", null, ct);
        await EnsureSuccessAsync(response, ct);
        var body = await ReadJsonElementAsync(response, ct);
        var negotiated = body.TryGetField("ApiVersion", out var server) && server.ValueKind == JsonValueKind.String
            ? Negotiate(server.GetString()!, "ApiVersion", (int)response.StatusCode)
            : ApiVersion.Minimum;
        _ = Interlocked.CompareExchange(ref _negotiation, Task.FromResult(negotiated), null);
        return (body, negotiated);
    }

    /// <summary><c>GET /version</c>.</summary>
    public Task<SystemVersion> VersionAsync(CancellationToken ct = default)
        => GetJsonAsync("/version", static j => j.SystemVersion, ct);

    /// <summary><c>GET /info</c>.</summary>
    public Task<SystemInfo> InfoAsync(CancellationToken ct = default)
        => GetJsonAsync("/info", static j => j.SystemInfo, ct);

    /// <summary><c>GET /system/df</c>.</summary>
    public Task<SystemDataUsage> SystemDfAsync(CancellationToken ct = default)
        => GetJsonAsync("/system/df", static j => j.SystemDataUsage, ct);

    /// <summary>
    /// <c>GET /events</c>: yields events as they come. With <paramref name="until"/> the daemon ends the stream;
    /// without it the stream lasts until <paramref name="ct"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<EventMessage> EventsAsync(
        DateTimeOffset? since = null, DateTimeOffset? until = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? filters = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = new Query().Add("since", since).Add("until", until).AddFilters(filters);
        using var response = await SendAsync(HttpMethod.Get, "/events" + query, null, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var e in JsonLines.ReadAsync(body, WharfJson.Default.EventMessage, ct))
            yield return e;
    }

    /// <summary>GET of any API path (under the negotiated version prefix), the body as a JSON node, for inspect output that must keep every field the daemon sent.</summary>
    public async Task<JsonNode?> GetRawJsonAsync(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return await ReadJsonNodeAsync(response, ct);
    }

    /// <summary>
    /// GET of any API path (under the negotiated version prefix), the body parsed as one JSON document. Reading its fields
    /// costs none of the serializer's start-up (metadata, converters), which in a NativeAOT process is most of a short command's work.
    /// </summary>
    public async Task<JsonElement> GetJsonElementAsync(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return await ReadJsonElementAsync(response, ct);
    }

    /// <summary>
    /// An answer's body as a node over a parsed document: read whole (the daemon sends a length), then parsed at once.
    /// JsonNode's own parser costs a converter start-up that JsonElement's does not, and nodes over elements read alike.
    /// </summary>
    static async Task<JsonNode?> ReadJsonNodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var element = await ReadJsonElementAsync(response, ct);
        return element.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(element),
            JsonValueKind.Array => JsonArray.Create(element),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(element),
        };
    }

    /// <summary>The body parsed whole; one that is not JSON is the daemon's error, reported as such rather than as a crash.</summary>
    static async Task<JsonElement> ReadJsonElementAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await ReadBodyAsync(response, ct);
        try
        {
            // Over the body itself: JsonElement.Parse copies it first, and its use of the shared array pool starts that
            // pool's processor-id cache, whose speed check takes ~0.25 ms in NativeAOT. The document is not disposed, so
            // its pooled index stays with the element for as long as the caller holds it.
            return JsonDocument.Parse(body.AsMemory()).RootElement;
        }
        catch (JsonException e)
        {
            throw new WharfApiException((int)response.StatusCode, $"the daemon's answer is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// The whole body, read into an array of the length the daemon gives. HttpContent's buffering would copy it through a
    /// pooled 80 KB buffer into a MemoryStream first (~0.05 ms of a short command).
    /// </summary>
    static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is not { } length || length > Array.MaxLength)
            return await response.Content.ReadAsByteArrayAsync(ct);
        var body = new byte[length];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await stream.ReadExactlyAsync(body, ct);
        return body;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// GET of a JSON answer. The type's metadata is made once the request is on its way: the first time, making it is much
    /// of a command's own work (~1 ms for the container list), and the caller's thread would only wait meanwhile.
    /// </summary>
    internal async Task<T> GetJsonAsync<T>(string path, Func<WharfJson, JsonTypeInfo<T>> type, CancellationToken ct)
    {
        var sending = SendAsync(HttpMethod.Get, path, null, ct);
        var metadata = type(WharfJson.Default);
        using var response = await sending;
        return await ReadJsonAsync(response, metadata, ct);
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(body, type, ct)
            ?? throw new WharfApiException((int)response.StatusCode, "the daemon answered an empty JSON body");
    }

    /// <summary>
    /// Sends a request under the negotiated version prefix; the response headers are read, the body is not; an error status throws.
    /// A read before anything is negotiated goes at once under the client's maximum, without the ping's round trip: a daemon
    /// that takes it would have negotiated that version too. One that refuses it (400, "client version … is too new")
    /// is pinged, and asked again under the version negotiated, when that is lower.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        if (_pinned is null && _negotiation is null && method == HttpMethod.Get && content is null)
        {
            try
            {
                var answer = await SendVersionedAsync(ApiVersion.Current, method, pathAndQuery, null, ct);
                _ = Interlocked.CompareExchange(ref _negotiation, Task.FromResult(ApiVersion.Current), null);
                return answer;
            }
            catch (WharfApiException e) when (e.StatusCode == 400)
            {
                if (await GetApiVersionAsync(ct) == ApiVersion.Current) throw;
            }
        }
        return await SendVersionedAsync(await GetApiVersionAsync(ct), method, pathAndQuery, content, ct);
    }

    async Task<HttpResponseMessage> SendVersionedAsync(ApiVersion version, HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        var response = await SendRawAsync(method, Versioned(version, pathAndQuery), content, ct);
        try
        {
            await EnsureSuccessAsync(response, ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A raw connection to the daemon, as <c>system dial-stdio</c> relays it: the same dial as this client's requests use
    /// (unix socket, TCP with TLS, or ssh), no HTTP spoken yet.
    /// </summary>
    public Task<DaemonConnection> DialAsync(CancellationToken ct = default)
        => _dialer is null ? throw new NotSupportedException("this client has no transport to dial a raw connection on") : _dialer.DialAsync(ct);

    /// <summary>
    /// A hijacked request under the negotiated version prefix (attach, exec start) on a connection of its own, as the docker
    /// CLI opens one for each: the pooled connections cannot be half-closed.
    /// </summary>
    internal async Task<HijackedStream> HijackAsync(string pathAndQuery, string contentType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (_dialer is null) throw new NotSupportedException("this client has no transport to hijack a connection on");
        var version = await GetApiVersionAsync(ct);
        return await HijackedStream.OpenAsync(_dialer, HttpMethod.Post, Versioned(version, pathAndQuery), contentType, body, ct);
    }

    /// <summary>The path under the version prefix, concatenated: see <see cref="ApiVersion.ToString"/> for why not interpolated.</summary>
    static string Versioned(ApiVersion version, string pathAndQuery) => "/v" + version.ToString() + pathAndQuery;

    async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    async Task<ApiVersion> NegotiateAsync(CancellationToken ct)
    {
        using var response = await SendRawAsync(HttpMethod.Head, "/_ping", null, ct);
        // Like the Go client: a ping without Api-Version means a daemon older than the header, i.e. 1.24.
        if (!response.Headers.TryGetValues("Api-Version", out var values))
        {
            await EnsureSuccessAsync(response, ct);
            return ApiVersion.Minimum;
        }
        return Negotiate(values.First(), "Api-Version header", (int)response.StatusCode);
    }

    /// <summary>The version to speak with a daemon whose newest is <paramref name="server"/>: the older of the two.</summary>
    static ApiVersion Negotiate(string server, string source, int status)
    {
        if (!ApiVersion.TryParse(server, out var version))
            throw new WharfApiException(status, $"the daemon sent an invalid {source}: {server}");
        // A daemon older than our minimum cannot serve us; say so in dockerd's words instead of failing later.
        if (version.Value < ApiVersion.Minimum)
            throw new WharfApiException(400, $"client version {ApiVersion.Minimum} is too new. Maximum supported API version is {version.Value}");
        return version.Value < ApiVersion.Current ? version.Value : ApiVersion.Current;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified) return;
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
        throw new WharfApiException((int)response.StatusCode, ErrorMessage(text, response.StatusCode));
    }

    internal static string ErrorMessage(string body, HttpStatusCode status)
    {
        if (string.IsNullOrWhiteSpace(body)) return $"the daemon answered {(int)status} with no message";
        try
        {
            var error = JsonSerializer.Deserialize(body, WharfJson.Default.ErrorResponse);
            if (!string.IsNullOrEmpty(error?.Message)) return error.Message;
        }
        catch (JsonException)
        {
            // Plain-text errors (dockerd's "client version … is too old") are returned as they are.
        }
        return body.Trim();
    }

    /// <summary>Turns a progress stream's <c>error</c> message into the exception; other messages pass through.</summary>
    internal static JsonMessage ThrowIfError(JsonMessage message)
        => message.Error is { } error ? throw new WharfApiException(200, message.ErrorDetail?.Message ?? error) : message;
}
