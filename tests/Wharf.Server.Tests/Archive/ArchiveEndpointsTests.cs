using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine;
using Wharf.Engine.Containers.Archive;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Tests.Fakes;

namespace Wharf.Server.Tests.Archive;

/// <summary>HEAD and PUT <c>/containers/{name}/archive</c> on the real pipeline with a fake archive: header, status, query binding.</summary>
public sealed class ArchiveEndpointsTests : IAsyncLifetime
{
    readonly FakeArchive _archive = new();
    WebApplication _app = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IImageService>(new FakeImageService());
        builder.Services.AddSingleton<IEventService>(new FakeEventService());
        builder.Services.AddSingleton<ISystemService>(new FakeSystemService());
        builder.Services.AddSingleton<IContainerArchive>(_archive);
        builder.Services.AddWharfServer();
        _app = builder.Build();
        _app.UseWharfApi();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Head_answers_the_path_stat_header()
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1.41/containers/c1/archive?path=%2Ftmp%2F"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("X-Docker-Container-Path-Stat"));
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
        Assert.StartsWith("{\"name\":\"tmp\",\"size\":4096,\"mode\":2147484141,", json, StringComparison.Ordinal);
        Assert.Equal(("c1", "/tmp/"), _archive.LastStat);
    }

    [Fact]
    public async Task A_missing_path_is_dockerds_404()
    {
        using var response = await _client.GetAsync("/v1.41/containers/c1/archive?path=/no/such");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"message\":\"Could not find the file /no/such in container c1\"}\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_passes_the_options_and_the_body_whatever_its_content_type()
    {
        using var body = new ByteArrayContent([1, 2, 3]);
        body.Headers.ContentType = new("text/plain");
        using var response = await _client.PutAsync("/v1.41/containers/c1/archive?noOverwriteDirNonDir=true&copyUIDGID=1&path=%2Ftmp", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("c1", "/tmp", new ExtractOptions(true, true), 3), _archive.LastPut);
    }

    sealed class FakeArchive : IContainerArchive
    {
        public (string, string)? LastStat { get; private set; }
        public (string, string, ExtractOptions, int)? LastPut { get; private set; }

        public Task<PathStat> StatAsync(string name, string path, CancellationToken ct)
        {
            LastStat = (name, path);
            return Task.FromResult(new PathStat("tmp", 4096, GoFileMode.Dir | 0x1ED, DateTimeOffset.UnixEpoch, ""));
        }

        public Task<ContainerPathArchive> GetAsync(string name, string path, CancellationToken ct) =>
            throw new EngineException(ErrorKind.NotFound, $"Could not find the file {path} in container {name}");

        public async Task PutAsync(string name, string path, ExtractOptions options, Stream tar, CancellationToken ct)
        {
            using var copy = new MemoryStream();
            await tar.CopyToAsync(copy, ct);
            LastPut = (name, path, options, (int)copy.Length);
        }
    }
}
