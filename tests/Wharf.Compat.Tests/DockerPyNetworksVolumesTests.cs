using System.Text.Json;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>docker-py 5.x (Debian's python3-docker) against a real wharfd: the networks and volumes APIs, and a container using both.</summary>
public sealed class DockerPyNetworksVolumesTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "py-netvol-busybox:v1";

    const string Script = """
        import json, sys
        import docker
        from docker.types import IPAMConfig, IPAMPool
        socket, image, subnet, prefix = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        out = {}
        c = docker.DockerClient(base_url="unix://" + socket)
        vol = c.volumes.create("py-data", labels={"py": "1"})
        out["vol"] = [vol.name, vol.attrs["Driver"], vol.attrs["Labels"]]
        out["vols"] = [v.name for v in c.volumes.list(filters={"label": "py=1"})]
        net = c.networks.create("py-net", driver="bridge", labels={"py": "1"},
                                ipam=IPAMConfig(pool_configs=[IPAMPool(subnet=subnet)]))
        out["nets"] = [n.name for n in c.networks.list(names=["py-net"])]
        server = c.containers.run(image, ["sh", "-c", "echo from-volume > /data/f; exec sleep 300"], detach=True,
                                  name="py-server", network="py-net", volumes={"py-data": {"bind": "/data", "mode": "rw"}})
        net.reload()
        out["members"] = [ct.name for ct in net.containers]
        server.reload()
        out["ip"] = server.attrs["NetworkSettings"]["Networks"]["py-net"]["IPAddress"]
        client = c.containers.run(image, ["sleep", "300"], detach=True, name="py-client")
        net.connect(client, aliases=["py-alias"], ipv4_address=prefix + ".77")
        client.reload()
        out["connected"] = client.attrs["NetworkSettings"]["Networks"]["py-net"]["IPAddress"]
        r = client.exec_run(["sh", "-c", "for i in $(seq 20); do ping -c 1 -W 2 py-server >/dev/null && exit 0; sleep 0.2; done; exit 1"])
        out["ping"] = r.exit_code
        out["read"] = c.containers.run(image, ["cat", "/data/f"], remove=True, volumes=["py-data:/data:ro"]).decode()
        net.disconnect(client)
        client.reload()
        out["after"] = sorted(client.attrs["NetworkSettings"]["Networks"].keys())
        for ct in (server, client):
            ct.remove(force=True)
        net.remove()
        try:
            c.networks.get("py-net")
            out["net_gone"] = False
        except docker.errors.NotFound:
            out["net_gone"] = True
        vol.remove()
        out["vols_left"] = [v.name for v in c.volumes.list(filters={"label": "py=1"})]
        print(json.dumps(out))
        """;

    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _c.ImportAsync(Image);
    }

    public async Task DisposeAsync()
    {
        _c.Name("py-server");
        _c.Name("py-client");
        await _c.DisposeAsync();
        using var docker = new DockerCli(daemon.SocketPath);
        await docker.RunAsync("network", "rm", "py-net");
        await docker.RunAsync("volume", "rm", "-f", "py-data");
    }

    [CompatFact(ThirdPartyClient.DockerPy)]
    public async Task Networks_and_volumes_through_docker_py()
    {
        var parts = daemon.BridgeIp.Split('.');
        var prefix = $"10.{parts[1]}.{(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 9) % 256}";
        var run = await DockerPy.RunAsync(Script, daemon.SocketPath, Image, prefix + ".0/24", prefix);

        Assert.True(run.ExitCode == 0, $"docker-py script failed: {run}");
        using var result = JsonDocument.Parse(run.Stdout);
        var r = result.RootElement;
        Assert.Equal("""["py-data","local",{"py":"1"}]""", Compact(r.GetProperty("vol")));
        Assert.Equal("""["py-data"]""", Compact(r.GetProperty("vols")));
        Assert.Equal("""["py-net"]""", Compact(r.GetProperty("nets")));
        Assert.Equal("""["py-server"]""", Compact(r.GetProperty("members")));
        Assert.Equal(prefix + ".2", r.GetProperty("ip").GetString());
        Assert.Equal(prefix + ".77", r.GetProperty("connected").GetString());
        Assert.Equal(0, r.GetProperty("ping").GetInt32());
        Assert.Equal("from-volume\n", r.GetProperty("read").GetString());
        Assert.Equal("""["bridge"]""", Compact(r.GetProperty("after")));
        Assert.True(r.GetProperty("net_gone").GetBoolean());
        Assert.Empty(r.GetProperty("vols_left").EnumerateArray());
    }

    /// <summary>python's json.dumps spaces its separators; compare the values, not the spacing.</summary>
    static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}
