using System.Text.Json;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>docker-py 5.x (Debian's python3-docker) against a real wharfd: ping, version, images.list/get, tag.</summary>
public sealed class DockerPyTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    const string Script = """
        import json, sys
        import docker
        socket, ref = sys.argv[1], sys.argv[2]
        out = {}
        auto = docker.DockerClient(base_url="unix://" + socket, version="auto")
        out["auto_api"] = auto.api.api_version
        c = docker.DockerClient(base_url="unix://" + socket)
        out["ping"] = c.ping()
        out["version_api"] = c.version()["ApiVersion"]
        out["tags"] = sorted(t for i in c.images.list() for t in i.tags)
        img = c.images.get(ref)
        out["id"] = img.id
        out["tagged"] = img.tag("py-tagged", "x")
        out["tagged_id"] = c.images.get("py-tagged:x").id
        try:
            c.images.get("py-nosuch")
            out["missing"] = "found"
        except docker.errors.ImageNotFound as e:
            out["missing"] = e.explanation
        print(json.dumps(out))
        """;

    [CompatFact(ThirdPartyClient.DockerPy)]
    public async Task Ping_version_list_get_and_tag()
    {
        await using var rootfs = File.OpenRead(await BusyboxRootfs.GetAsync());
        var id = await daemon.Client.Images.ImportAsync(rootfs, "py-base", "v1", ["CMD [\"sh\"]"]);

        var run = await DockerPy.RunAsync(Script, daemon.SocketPath, "py-base:v1");

        Assert.True(run.ExitCode == 0, $"docker-py script failed: {run}");
        using var result = JsonDocument.Parse(run.Stdout);
        var r = result.RootElement;
        Assert.Equal("1.41", r.GetProperty("auto_api").GetString());
        Assert.True(r.GetProperty("ping").GetBoolean());
        Assert.Equal("1.41", r.GetProperty("version_api").GetString());
        Assert.Contains("py-base:v1", r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(id, r.GetProperty("id").GetString());
        Assert.True(r.GetProperty("tagged").GetBoolean());
        Assert.Equal(id, r.GetProperty("tagged_id").GetString());
        Assert.Equal("no such image: py-nosuch: No such image: py-nosuch:latest", r.GetProperty("missing").GetString());
        Assert.Equal(id, (await daemon.Client.Images.InspectAsync("py-tagged:x")).Id);
    }
}
