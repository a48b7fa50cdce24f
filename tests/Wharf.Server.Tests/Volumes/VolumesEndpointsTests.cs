using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wharf.Engine.Volumes;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests.Volumes;

/// <summary>The <c>/volumes</c> routes on the real pipeline with a fake service; bodies compared with dockerd's golden capture.</summary>
public sealed class VolumesEndpointsTests : IAsyncLifetime
{
    TestApp _app = null!;

    // From golden-traffic-1.41.txt (GT 080-094).
    const string GoldenVolume =
        """{"CreatedAt":"2026-11-30T03:03:47Z","Driver":"local","Labels":{"gtcap":"1"},"Mountpoint":"/var/lib/docker/volumes/gtcap-vol/_data","Name":"gtcap-vol","Options":null,"Scope":"local"}""";

    static readonly Dictionary<string, string> Gtcap = new() { ["gtcap"] = "1" };

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    Task<(HttpResponseMessage Response, string Body)> PostJsonAsync(string url, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _app.SendAsync(HttpMethod.Post, url, content);
    }

    [Fact]
    public async Task Create_is_201_with_dockerds_body_also_for_an_existing_name()
    {
        var (response, body) = await PostJsonAsync("/v1.41/volumes/create", """{"Driver":"local","Labels":{"gtcap":"1"},"Name":"gtcap-vol"}""");
        Wire.AssertStandardHeaders(response);
        Wire.AssertJson(response, body, 201, GoldenVolume);
        Assert.Equal(("gtcap-vol", "local"), (_app.Volumes.LastCreate!.Name, _app.Volumes.LastCreate.Driver));
        Assert.Equal("1", _app.Volumes.LastCreate.Labels!["gtcap"]);

        (response, body) = await PostJsonAsync("/v1.41/volumes/create", """{"Driver":"local","Labels":{"gtcap":"1"},"Name":"gtcap-vol"}""");
        Wire.AssertJson(response, body, 201, GoldenVolume);
    }

    [Fact]
    public async Task Create_without_a_body_or_name_is_anonymous()
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/volumes/create");
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("", _app.Volumes.LastCreate!.Name);
        Assert.Contains(new string('a', 64), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_wraps_volumes_with_null_warnings_and_passes_filters()
    {
        _app.Volumes.Volumes.Add(FakeVolumeService.Sample("gtcap-vol", Gtcap));
        var (response, body) = await _app.GetAsync("/v1.41/volumes?filters=%7B%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, $$"""{"Volumes":[{{GoldenVolume}}],"Warnings":null}""");
        Assert.Equal(["gtcap=1"], _app.Volumes.LastFilters!.Get("label"));

        _app.Volumes.Volumes.Clear();
        (response, body) = await _app.GetAsync("/volumes");
        Wire.AssertJson(response, body, 200, """{"Volumes":[],"Warnings":null}""");
    }

    [Fact]
    public async Task Inspect_is_the_volume_or_dockerds_404()
    {
        _app.Volumes.Volumes.Add(FakeVolumeService.Sample("gtcap-vol", Gtcap));
        var (response, body) = await _app.GetAsync("/v1.41/volumes/gtcap-vol");
        Wire.AssertJson(response, body, 200, GoldenVolume);
        (response, body) = await _app.GetAsync("/v1.41/volumes/gtcap-vol2");
        Wire.AssertError(response, body, 404, "get gtcap-vol2: no such volume");
    }

    [Fact]
    public async Task Delete_is_204_409_in_use_404_missing_and_passes_force()
    {
        _app.Volumes.Volumes.Add(FakeVolumeService.Sample("used", null, "b20f05108edf37ca5a944e67b52ba8a55b0e7d64033c6d86ea6a4ec7e61345d6"));
        _app.Volumes.Volumes.Add(FakeVolumeService.Sample("free"));
        var (response, body) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/volumes/used");
        Wire.AssertError(response, body, 409, "remove used: volume is in use - [b20f05108edf37ca5a944e67b52ba8a55b0e7d64033c6d86ea6a4ec7e61345d6]");
        (response, body) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/volumes/free");
        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("", body);
        (response, body) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/volumes/free");
        Wire.AssertError(response, body, 404, "get free: no such volume");
        (response, _) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/volumes/free?force=1");
        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(["rm used force=False", "rm free force=False", "rm free force=False", "rm free force=True"], _app.Volumes.Calls);
    }

    [Fact]
    public async Task Prune_at_141_covers_every_unused_local_volume()
    {
        _app.Volumes.PruneResult = new VolumePruneResult(["gtcap-vol2"], 0);
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/volumes/prune?filters=%7B%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, """{"VolumesDeleted":["gtcap-vol2"],"SpaceReclaimed":0}""");
        Assert.Equal(["true"], _app.Volumes.LastFilters!.Get("all"));
        Assert.Equal(["gtcap=1"], _app.Volumes.LastFilters.Get("label"));

        _app.Volumes.PruneResult = new VolumePruneResult([], 0);
        (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.40/volumes/prune");
        Wire.AssertJson(response, body, 200, """{"VolumesDeleted":null,"SpaceReclaimed":0}""");
    }

    [Fact]
    public void Api_142_and_later_would_keep_the_callers_filters()
    {
        var filters = new Wharf.Engine.Filters.FilterSet(new Dictionary<string, IReadOnlyCollection<string>> { ["label"] = ["a"] });
        Assert.False(VolumeMapping.ToPruneFilters(filters, new Wharf.Api.ApiVersion(1, 42)).Contains("all"));
        Assert.True(VolumeMapping.ToPruneFilters(filters, new Wharf.Api.ApiVersion(1, 41)).Contains("all"));
    }

    [Fact]
    public async Task Disk_usage_lists_volumes_with_usage_data()
    {
        _app.Images.OnDiskUsage = () => new Wharf.Engine.Images.ImageDiskUsage(0, []);
        _app.Volumes.Volumes.Add(FakeVolumeService.Sample("gtcap-vol", Gtcap, "c1") with { Size = 2 });
        var (response, body) = await _app.GetAsync("/v1.41/system/df");
        Assert.Equal(200, (int)response.StatusCode);
        using var doc = JsonDocument.Parse(body);
        var v = doc.RootElement.GetProperty("Volumes")[0];
        Assert.Equal(GoldenVolume[..^1] + ""","UsageData":{"Size":2,"RefCount":1}}""", v.GetRawText());
    }

    [Fact]
    public void A_volume_mount_shows_in_inspect_as_dockerd_shows_it()
    {
        var point = VolumeMapping.ToMountPoint(new ContainerMount
        {
            Destination = "/data",
            Type = "volume",
            Name = "myvol",
            Source = "/var/lib/docker/volumes/myvol/_data",
            Driver = "local",
            Mode = "z",
        });
        Assert.Equal(
            """{"Type":"volume","Name":"myvol","Source":"/var/lib/docker/volumes/myvol/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}""",
            JsonSerializer.Serialize(point, WireJson.Context.MountPoint));
        var bind = VolumeMapping.ToMountPoint(new ContainerMount { Destination = "/h", Type = "bind", Source = "/host", ReadWrite = false, Propagation = "rprivate" });
        Assert.Equal("""{"Type":"bind","Source":"/host","Destination":"/h","Mode":"","RW":false,"Propagation":"rprivate"}""",
            JsonSerializer.Serialize(bind, WireJson.Context.MountPoint));
    }
}
