using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Server.Http;

namespace Wharf.Server.Tests;

public sealed class ErrorMiddlewareTests
{
    sealed class ListLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, EventId Id, Exception? Exception)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId, exception));
    }

    static DefaultHttpContext Context(CancellationToken aborted = default)
    {
        var http = new DefaultHttpContext { RequestAborted = aborted };
        http.Response.Body = new MemoryStream();
        http.Request.Method = "GET";
        http.Request.Path = "/images/json";
        return http;
    }

    [Fact]
    public async Task A_client_that_left_gets_nothing_written()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var http = Context(cts.Token);
        var logger = new ListLogger<ErrorMiddleware>();
        await new ErrorMiddleware(_ => throw new OperationCanceledException(cts.Token), logger).InvokeAsync(http);
        Assert.Equal(200, http.Response.StatusCode);
        Assert.Equal(0, http.Response.Body.Length);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task An_unexpected_failure_is_logged_as_an_error_and_answered_500()
    {
        var http = Context();
        var logger = new ListLogger<ErrorMiddleware>();
        var boom = new InvalidOperationException("boom");
        await new ErrorMiddleware(_ => throw boom, logger).InvokeAsync(http);
        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/json", http.Response.ContentType);
        Assert.Equal("1.41", http.Response.Headers["Api-Version"].ToString());
        Assert.Equal("{\"message\":\"boom\"}\n", System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Id.Id == 1800 && e.Exception == boom);
    }
}
