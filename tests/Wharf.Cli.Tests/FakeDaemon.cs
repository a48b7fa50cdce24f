using System.Net;
using System.Text;
using Wharf.Api;
using Wharf.Cli;
using Wharf.Cli.Hosts;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests;

/// <summary>An in-memory daemon: routes "METHOD /path" (path without the version prefix or query) to canned responses, and records requests.</summary>
internal sealed class FakeDaemon : HttpMessageHandler
{
    readonly Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    /// <summary>Answers <c>HEAD /_ping</c> with this Api-Version, and makes <see cref="Cli"/> negotiate instead of pinning 1.41.</summary>
    public FakeDaemon WithApiVersion(string version)
    {
        _negotiate = true;
        _maximum = version;
        _routes["HEAD /_ping"] = _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("") };
            response.Headers.Add("Api-Version", version);
            return response;
        };
        return this;
    }

    bool _negotiate;
    string? _maximum;

    public FakeDaemon On(string route, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        _routes[route] = _ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return this;
    }

    /// <summary>Answers a route with a function of the request (for streamed bodies and headers).</summary>
    public FakeDaemon On(string route, Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _routes[route] = answer;
        return this;
    }

    /// <summary>The bodies of requests that had one, as text, in order.</summary>
    public List<string> Bodies { get; } = [];

    /// <summary>Every request body as bytes (archives included), in order.</summary>
    public List<byte[]> RawBodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/v1.", StringComparison.Ordinal)) path = path[path.IndexOf('/', 1)..];
        Requests.Add($"{request.Method} {path}{request.RequestUri.Query}");
        if (_maximum is not null && ApiVersionGate.TooNew(request, _maximum) is { } refused) return refused;
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            RawBodies.Add(bytes);
            if (request.Method != HttpMethod.Put) Bodies.Add(Encoding.UTF8.GetString(bytes));
        }
        var key = $"{request.Method} {path}";
        return _routes.TryGetValue(key, out var route) ? route(request)
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"{{\"message\":\"page not found: {key}\"}}") };
    }

    /// <summary>A CLI wired to this daemon, writing into string writers, with a fixed clock.</summary>
    public TestCli Cli(DateTimeOffset? now = null, IReadOnlyDictionary<string, string>? env = null, string? configDir = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, k => env?.GetValueOrDefault(k), new ContextStore(configDir ?? "/nonexistent-wharf-config"),
            _ => WharfClient.ForHandler(this, new Uri("http://fake"), _negotiate ? null : ApiVersion.Current), new FixedTime(now ?? Now))
        {
            OpenIn = () => new StringReader("y\n"),
        };
        return new TestCli(context, output, error);
    }

    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
}

/// <summary>A CLI under test and what it printed.</summary>
internal sealed record TestCli(CliContext Context, StringWriter Out, StringWriter Err)
{
    public async Task<int> RunAsync(params string[] args) => await CliApp.RunAsync(Context, args, CancellationToken.None);
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
