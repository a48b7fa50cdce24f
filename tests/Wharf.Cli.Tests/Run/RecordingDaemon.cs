using System.Net;
using System.Text;
using Wharf.Api;
using Wharf.Cli.Hosts;
using Wharf.Cli.Terminal;
using Wharf.Client;

namespace Wharf.Cli.Tests.Run;

/// <summary>A fake daemon that records each request with its body and answers from canned routes ("METHOD /path" without version or query).</summary>
internal sealed class RecordingDaemon : HttpMessageHandler
{
    readonly Dictionary<string, (HttpStatusCode Status, string Body)> _routes = new(StringComparer.Ordinal);

    public List<(string Request, string Body)> Requests { get; } = [];

    public RecordingDaemon On(string route, HttpStatusCode status, string body)
    {
        _routes[route] = (status, body);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/v1.", StringComparison.Ordinal)) path = path[path.IndexOf('/', 1)..];
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add(($"{request.Method} {path}{request.RequestUri.Query}", body));
        var (status, text) = _routes.TryGetValue($"{request.Method} {path}", out var route) ? route
            : (HttpStatusCode.NotFound, $"{{\"message\":\"page not found: {request.Method} {path}\"}}");
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }

    /// <summary>
    /// A CLI against this daemon whose stdin "is" a terminal of 30 rows and 100 columns (raw mode is a no-op), as the
    /// docker CLI saw it when the golden request was captured.
    /// </summary>
    public (CliContext Context, StringWriter Out, StringWriter Err) Cli(IReadOnlyDictionary<string, string>? env = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, k => env?.GetValueOrDefault(k), new ContextStore("/nonexistent-wharf-config"),
            _ => WharfClient.ForHandler(this, new Uri("http://fake"), ApiVersion.Current))
        {
            InIsTerminal = true,
            Terminal = new TerminalIO(() => new TerminalSize(30, 100), () => null, _ => new Nothing()),
        };
        return (context, output, error);
    }

    sealed class Nothing : IDisposable
    {
        public void Dispose() { }
    }
}
