using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Observe;
using Wharf.Engine.Containers.Stats;
using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Engine.Info;
using Wharf.Server.Tests.Fakes;
using Wharf.Testing;

namespace Wharf.Server.Tests.ContainerEndpoints;

/// <summary>top, stats, export and the containers of /system/df on the real pipeline with fakes: status codes, wire JSON, framing.</summary>
public sealed class ContainerObserveEndpointsTests : IAsyncLifetime
{
    static readonly DateTimeOffset T0 = new(2026, 11, 30, 2, 50, 44, TimeSpan.Zero);
    readonly FakeContainerService _containers = new();
    readonly FakeContainerObserver _observer = new();
    readonly TempDirectory _dir = new();
    WebApplication _app = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IImageService>(new FakeImageService { OnDiskUsage = () => new ImageDiskUsage(0, []) });
        builder.Services.AddSingleton<IEventService>(new FakeEventService());
        builder.Services.AddSingleton<ISystemService>(new FakeSystemService());
        builder.Services.AddSingleton<IContainerService>(_containers);
        builder.Services.AddSingleton<IContainerObserver>(_observer);
        builder.Services.AddSingleton<Wharf.Engine.Volumes.IVolumeService>(new Volumes.FakeVolumeService());
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
        _dir.Dispose();
    }

    async Task<(HttpResponseMessage Response, string Body)> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Top_answers_processes_then_titles_and_passes_ps_args()
    {
        var (response, body) = await GetAsync("/v1.41/containers/web/top?ps_args=-o+pid%2Ccomm");
        Wire.AssertJson(response, body, 200, """{"Processes":[["42","sleep 9"]],"Titles":["PID","CMD"]}""");
        Assert.Equal("top web -o pid,comm", Assert.Single(_observer.Calls));
    }

    [Fact]
    public async Task Top_without_matching_rows_has_null_processes_and_unknown_is_404()
    {
        _observer.Top = new ContainerTop(["PID"], []);
        var (response, body) = await GetAsync("/containers/web/top");
        Wire.AssertJson(response, body, 200, """{"Processes":null,"Titles":["PID"]}""");
        var (missing, text) = await GetAsync("/containers/nope/top");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No such container: nope", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_stream_false_is_one_json_answer_with_precpu()
    {
        _observer.Samples = [new StatsSample(Stats(T0.AddSeconds(1), 200), Stats(T0, 100))];
        var (response, body) = await GetAsync("/v1.41/containers/web/stats?stream=0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new StatsRequest(false, false), _observer.StatsAsked);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("2026-11-30T02:50:45Z", root.GetProperty("read").GetString());
        Assert.Equal("2026-11-30T02:50:44Z", root.GetProperty("preread").GetString());
        Assert.Equal(200UL, root.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(100UL, root.GetProperty("precpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(4096UL, root.GetProperty("memory_stats").GetProperty("stats").GetProperty("inactive_file").GetUInt64());
        Assert.Equal("/web", root.GetProperty("name").GetString());
        Assert.Equal(FakeContainerService.KnownId.Value, root.GetProperty("id").GetString());
        Assert.False(root.TryGetProperty("networks", out _));
    }

    [Fact]
    public async Task Stats_stream_is_newline_delimited_without_content_type()
    {
        _observer.Samples = [new StatsSample(Stats(T0, 100), null), new StatsSample(Stats(T0.AddSeconds(1), 200), Stats(T0, 100))];
        var (response, body) = await GetAsync("/containers/web/stats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal(new StatsRequest(true, false), _observer.StatsAsked);
        var lines = body.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);
        Assert.Equal("0001-01-01T00:00:00Z", JsonDocument.Parse(lines[0]).RootElement.GetProperty("preread").GetString());
        Assert.Contains("\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},\"throttling_data\"", lines[0], StringComparison.Ordinal);
        Assert.Equal("2026-11-30T02:50:44Z", JsonDocument.Parse(lines[1]).RootElement.GetProperty("preread").GetString());
    }

    [Fact]
    public async Task Stats_of_a_stopped_container_is_dockerd_empty_sample()
    {
        _observer.Samples = [new StatsSample(null, null)];
        var (response, body) = await GetAsync("/v1.41/containers/web/stats?stream=false&one-shot=true");
        Assert.Equal(new StatsRequest(false, true), _observer.StatsAsked);
        Wire.AssertJson(response, body, 200,
            $$$"""{"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null,"io_serviced_recursive":null,"io_queue_recursive":null,"io_service_time_recursive":null,"io_wait_time_recursive":null,"io_merged_recursive":null,"io_time_recursive":null,"sectors_recursive":null},"num_procs":0,"storage_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{},"name":"/web","id":"{{{FakeContainerService.KnownId}}}"}""");
    }

    [Fact]
    public async Task Stats_stream_and_one_shot_together_are_400()
    {
        var (response, body) = await GetAsync("/containers/web/stats?stream=1&one-shot=1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot have stream=true and one-shot=true", body, StringComparison.Ordinal);
        Assert.Null(_observer.StatsAsked);
    }

    [Fact]
    public async Task Export_streams_a_tar_as_octet_stream_and_releases_the_view()
    {
        _observer.ExportRoot = _dir.Path;
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "hello.txt"), "hi");
        var response = await _client.GetAsync("/v1.41/containers/web/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        using var tar = new TarReader(await response.Content.ReadAsStreamAsync());
        var entry = await tar.GetNextEntryAsync();
        Assert.Equal("hello.txt", entry?.Name);
        Assert.Null(await tar.GetNextEntryAsync());
        Assert.Equal(1, _observer.Released);
        var (missing, _) = await GetAsync("/containers/nope/export");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task System_df_lists_containers_as_ps_size_does()
    {
        _containers.DiskUsage = [new ContainerSummaryView(FakeContainerService.Record(ContainerStatus.Exited), "Exited (0) 2 minutes ago", 0, 1984241),
            new ContainerSummaryView(FakeContainerService.Record() with { Name = "w2" }, "Up 1 second", 12, 1984253)];
        var (response, body) = await GetAsync("/v1.41/system/df");
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var containers = JsonDocument.Parse(body).RootElement.GetProperty("Containers");
        Assert.Equal(2, containers.GetArrayLength());
        var first = containers[0];
        Assert.Equal(FakeContainerService.KnownId.Value, first.GetProperty("Id").GetString());
        Assert.Equal("""["/web"]""", first.GetProperty("Names").GetRawText());
        Assert.Equal("exited", first.GetProperty("State").GetString());
        Assert.Equal("sh -c 'sleep 9'", first.GetProperty("Command").GetString());
        Assert.False(first.TryGetProperty("SizeRw", out _)); // Go's omitempty
        Assert.Equal(1984241, first.GetProperty("SizeRootFs").GetInt64());
        Assert.Equal(12, containers[1].GetProperty("SizeRw").GetInt64());
        Assert.Equal("""{"k":"v"}""", first.GetProperty("Labels").GetRawText());
        Assert.Equal("[]", first.GetProperty("Mounts").GetRawText());
    }

    static CgroupStats Stats(DateTimeOffset read, ulong cpu) => new(read,
        new CpuUsage(cpu, 0, 0, [cpu], 1000 + cpu, 2, 0, 0, 0),
        new MemoryUsage(757760, 0, 25276026880, 0, new Dictionary<string, ulong> { ["inactive_file"] = 4096 }),
        new PidsUsage(2, null), new BlkioUsage([], []));
}
