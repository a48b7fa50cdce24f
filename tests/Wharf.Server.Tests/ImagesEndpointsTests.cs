using System.Net;
using Wharf.Engine;
using Wharf.Engine.Filters;
using Wharf.Engine.Images;

namespace Wharf.Server.Tests;

public sealed class ImagesEndpointsTests : IAsyncLifetime
{
    TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_matches_dockerd_byte_for_byte()
    {
        ImageListRequest? seen = null;
        _app.Images.OnList = r => { seen = r; return [Samples.Busybox]; };
        var (response, body) = await _app.GetAsync("/v1.41/images/json");
        Wire.AssertStandardHeaders(response);
        // GT 006
        Wire.AssertJson(response, body, 200,
            """[{"Containers":-1,"Created":1796006763,"Id":"sha256:f91c1a5d88acc96d214a6af0f39b15cc7fc78a61346d26447e6d13bb1af8c6c4","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["busybox:latest"],"SharedSize":-1,"Size":1982333,"VirtualSize":1982333}]""");
        Assert.False(seen!.All);
        Assert.Empty(seen.Filters.Keys);
    }

    [Fact]
    public async Task List_passes_all_and_filters_through()
    {
        ImageListRequest? seen = null;
        _app.Images.OnList = r => { seen = r; return []; };
        var (response, body) = await _app.GetAsync("/v1.41/images/json?all=1&filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, "[]");
        Assert.True(seen!.All);
        Assert.Equal(["false"], seen.Filters.Get("dangling"));
    }

    [Fact]
    public async Task List_shows_dangling_images_with_none_placeholders_and_sorted_labels()
    {
        var labelled = Samples.Dangling with
        {
            Config = new ImageConfigFile { Config = new RunConfig { Labels = new() { ["z"] = "1", ["gtcap"] = "1" } } },
            Parent = Digest.Parse(Samples.BusyboxId),
        };
        _app.Images.OnList = _ => [labelled];
        var (response, body) = await _app.GetAsync("/images/json?all=True");
        Wire.AssertJson(response, body, 200,
            """[{"Containers":-1,"Created":1796006763,"Id":"sha256:ca1d94a73a4378f30da1fa8338b754269da2912308e0d1676f4b8982dfc55837","Labels":{"gtcap":"1","z":"1"},"ParentId":"sha256:f91c1a5d88acc96d214a6af0f39b15cc7fc78a61346d26447e6d13bb1af8c6c4","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":1982333,"VirtualSize":1982333}]""");
    }

    [Fact]
    public async Task List_of_an_image_known_only_by_digest_has_null_tags()
    {
        const string digest = "busybox@sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020";
        _app.Images.OnList = _ => [Samples.Busybox with { RepoTags = [], RepoDigests = [digest] }];
        var (_, body) = await _app.GetAsync("/images/json");
        Assert.Contains($"\"RepoDigests\":[\"{digest}\"],\"RepoTags\":null,", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_with_bad_filters_is_a_400()
    {
        _app.Images.OnList = _ => [];
        var (response, body) = await _app.GetAsync("/images/json?filters=notjson");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("{\"message\":\"", body, StringComparison.Ordinal);
        Wire.AssertStandardHeaders(response);
    }

    [Fact]
    public async Task Inspect_matches_dockerd()
    {
        string? asked = null;
        _app.Images.OnInspect = n => { asked = n; return Samples.Tagged; };
        var (response, body) = await _app.GetAsync("/v1.41/images/gtcap-tag:1/json");
        Assert.Equal("gtcap-tag:1", asked);
        // GT 062, except that .NET keeps 7 fractional digits where Go printed 9.
        Wire.AssertJson(response, body, 200,
            """{"Id":"sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020","RepoTags":["busybox:latest","gtcap-tag:1"],"RepoDigests":[],"Parent":"","Comment":"Imported from -","Created":"2026-11-30T02:53:11.3629503Z","Container":"","ContainerConfig":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"DockerVersion":"20.10.24+dfsg1","Author":"","Config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"Architecture":"amd64","Os":"linux","Size":1984241,"VirtualSize":1984241,"GraphDriver":{"Data":{"MergedDir":"/var/lib/docker/overlay2/e6c3031af2d1a3f9e24bf4d9d574dd9a12b517853db918adc71ccc575ad57c62/merged","UpperDir":"/var/lib/docker/overlay2/e6c3031af2d1a3f9e24bf4d9d574dd9a12b517853db918adc71ccc575ad57c62/diff","WorkDir":"/var/lib/docker/overlay2/e6c3031af2d1a3f9e24bf4d9d574dd9a12b517853db918adc71ccc575ad57c62/work"},"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:8d6fe85716191603e2a1e3e2b2cc41c4e61c288f893c56ae0c50b5914aee6dd9"]},"Metadata":{"LastTagTime":"2026-11-30T03:03:17.7267207Z"}}""");
    }

    [Fact]
    public async Task Inspect_of_a_never_tagged_image_without_config_uses_go_zero_time_and_null_config()
    {
        _app.Images.OnInspect = _ => Samples.Busybox with
        {
            Config = new ImageConfigFile
            {
                Variant = "v8",
                Config = new RunConfig
                {
                    Cmd = ["sh"],
                    ExposedPorts = new() { ["80/tcp"] = new() },
                    StopSignal = "SIGINT",
                    Healthcheck = new Engine.Images.HealthConfig { Test = ["CMD", "true"], Interval = 5_000_000_000 },
                },
            },
        };
        var (response, body) = await _app.GetAsync("/images/127.0.0.1:5000/a/b:1/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Created\":\"2026-11-30T", body, StringComparison.Ordinal);
        Assert.Contains("\"Metadata\":{\"LastTagTime\":\"0001-01-01T00:00:00Z\"}", body, StringComparison.Ordinal);
        Assert.Contains("\"Architecture\":\"amd64\",\"Variant\":\"v8\",\"Os\":\"linux\",\"Size\"", body, StringComparison.Ordinal);
        Assert.Contains("\"AttachStderr\":false,\"ExposedPorts\":{\"80/tcp\":{}},\"Tty\":false", body, StringComparison.Ordinal);
        Assert.Contains("\"Cmd\":[\"sh\"],\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":5000000000,\"Timeout\":0,\"StartPeriod\":0,\"Retries\":0},\"Image\":\"\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Labels\":null,\"StopSignal\":\"SIGINT\"}", body, StringComparison.Ordinal);
        Assert.Contains("\"GraphDriver\":{\"Data\":{},\"Name\":\"overlay2\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_without_run_config_sends_null_config_and_an_empty_container_config()
    {
        _app.Images.OnInspect = _ => Samples.Busybox;
        var (_, body) = await _app.GetAsync("/images/busybox/json");
        Assert.Contains("\"Config\":null,", body, StringComparison.Ordinal);
        Assert.Contains("\"ContainerConfig\":{\"Hostname\":\"\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_matches_dockerd()
    {
        _app.Images.OnHistory = n => n == "gtcap-commit:v1"
            ? [
                new ImageHistoryEntry("sha256:d00a361a82bec1f2d79831c8f22a2341ce51dc4f657c34bb5baa08dd15887bf1", DateTimeOffset.FromUnixTimeSeconds(1796007795), "sleep 1000", ["gtcap-commit:v1"], 19, "golden commit"),
                new ImageHistoryEntry(Samples.BusyboxId, DateTimeOffset.FromUnixTimeSeconds(1796006763), "", [], 1982333, "Imported from -"),
            ]
            : throw EngineException.NotFound($"No such image: {n}");
        var (response, body) = await _app.GetAsync("/v1.41/images/gtcap-commit:v1/history");
        // GT 064
        Wire.AssertJson(response, body, 200,
            """[{"Comment":"golden commit","Created":1796007795,"CreatedBy":"sleep 1000","Id":"sha256:d00a361a82bec1f2d79831c8f22a2341ce51dc4f657c34bb5baa08dd15887bf1","Size":19,"Tags":["gtcap-commit:v1"]},{"Comment":"Imported from -","Created":1796006763,"CreatedBy":"","Id":"sha256:f91c1a5d88acc96d214a6af0f39b15cc7fc78a61346d26447e6d13bb1af8c6c4","Size":1982333,"Tags":null}]""");
    }

    [Theory]
    [InlineData("/v1.41/images/busybox:latest/tag?repo=docker.io%2Flibrary%2Fgtcap-tag&tag=1", "busybox:latest", "docker.io/library/gtcap-tag", "1")]
    [InlineData("/images/busybox/tag?repo=gtcap-tag:2", "busybox", "gtcap-tag", "2")]
    [InlineData("/images/busybox/tag?repo=127.0.0.1:5000/a/b", "busybox", "127.0.0.1:5000/a/b", null)]
    [InlineData("/images/busybox/tag?repo=127.0.0.1:5000/a/b:3", "busybox", "127.0.0.1:5000/a/b", "3")]
    [InlineData("/images/127.0.0.1:5000/a/b:1/tag?repo=c&tag=", "127.0.0.1:5000/a/b:1", "c", null)]
    public async Task Tag_answers_201_with_an_empty_body(string url, string source, string repo, string? tag)
    {
        (string, string, string?)? seen = null;
        _app.Images.OnTag = (s, r, t) => seen = (s, r, t);
        var (response, body) = await _app.SendAsync(HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Wire.AssertStandardHeaders(response);
        Assert.Equal("", body);
        Assert.Equal((source, repo, tag), seen);
    }

    [Fact]
    public async Task Delete_lists_untagged_and_deleted_as_dockerd()
    {
        (string, bool, bool)? seen = null;
        _app.Images.OnDelete = (n, f, p) =>
        {
            seen = (n, f, p);
            return [ImageDeleteEntry.Untag("gtcap-import:1"), ImageDeleteEntry.Delete("sha256:79d8d815fd45590e9647cd173e804f1f41c4ceea3ababdddb52a457a0ccb08ee")];
        };
        var (response, body) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/images/gtcap-import:1?force=False&noprune=1");
        // GT 072
        Wire.AssertJson(response, body, 200,
            """[{"Untagged":"gtcap-import:1"},{"Deleted":"sha256:79d8d815fd45590e9647cd173e804f1f41c4ceea3ababdddb52a457a0ccb08ee"}]""");
        Assert.Equal(("gtcap-import:1", false, true), seen);
    }

    [Fact]
    public async Task Delete_of_a_name_with_slashes_and_a_registry_port()
    {
        string? seen = null;
        _app.Images.OnDelete = (n, _, _) => { seen = n; return [ImageDeleteEntry.Untag(n)]; };
        var (response, _) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/images/127.0.0.1:15000/gtcap/bb:1?force=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1:15000/gtcap/bb:1", seen);
    }

    [Fact]
    public async Task Prune_sends_null_when_nothing_was_deleted()
    {
        FilterSet? seen = null;
        _app.Images.OnPrune = f => { seen = f; return new ImagePruneResult([], 0); };
        var (response, body) = await _app.SendAsync(HttpMethod.Post,
            "/v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, """{"ImagesDeleted":null,"SpaceReclaimed":0}""");
        Assert.Equal(["true"], seen!.Get("dangling"));
        Assert.Equal(["gtcap=1"], seen.Get("label"));
    }

    [Fact]
    public async Task Prune_lists_what_went()
    {
        _app.Images.OnPrune = _ => new ImagePruneResult(
            [ImageDeleteEntry.Delete("sha256:ab2c3cfbb0ff9c18f127d0c9a0c86efc62b0d667e933c246a45fdc2a3bae864d")], 1984276);
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/images/prune");
        Wire.AssertJson(response, body, 200,
            """{"ImagesDeleted":[{"Deleted":"sha256:ab2c3cfbb0ff9c18f127d0c9a0c86efc62b0d667e933c246a45fdc2a3bae864d"}],"SpaceReclaimed":1984276}""");
    }
}
