using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Wharf.Server.Streaming;

namespace Wharf.Server.Tests.Streaming;

/// <summary>On a server without a raw connection (TestServer), a hijack degrades to a streamed 200 with the same body.</summary>
public sealed class HijackFallbackTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(app =>
        app.MapPost("/probe/stream", async (HttpContext http) =>
        {
            await using var conn = await Hijack.AcceptAsync(http, http.RequestAborted);
            Assert.False(conn.Upgraded);
            var stdin = new MemoryStream();
            while (true)
            {
                var read = await conn.Input.ReadAsync(http.RequestAborted);
                foreach (var segment in read.Buffer) stdin.Write(segment.Span);
                conn.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) break;
            }
            await OutputWriter.For(conn.Output, tty: false).WriteAsync(MuxFrame.Stdout, stdin.ToArray(), http.RequestAborted);
        }));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_stream_is_a_200_raw_stream_body_with_stdin_from_the_request_body()
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/probe/stream", new StringContent("abc", Encoding.ASCII));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType?.ToString());
        Assert.Null(Wire.Header(response, "Api-Version"));
        Assert.Equal("\u0001\0\0\0\0\0\0\u0003abc", body);
    }
}
