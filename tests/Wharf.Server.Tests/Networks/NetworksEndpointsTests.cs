using System.Net.Http.Headers;
using System.Text;
using Wharf.Engine;
using Wharf.Engine.Networks;

namespace Wharf.Server.Tests.Networks;

/// <summary>The <c>/networks</c> routes on the real pipeline with a fake service; bodies compared with dockerd's golden capture.</summary>
public sealed class NetworksEndpointsTests : IAsyncLifetime
{
    TestApp _app = null!;

    const string GtcapId = "dd71e842941a56502f9958b479f3996baf1aba46dea6c2ee5dd413938670a3a0";

    // From golden-traffic-1.41.txt (GT 098).
    const string GoldenNetwork =
        """{"Name":"gtcap-net","Id":"dd71e842941a56502f9958b479f3996baf1aba46dea6c2ee5dd413938670a3a0","Created":"2026-11-30T03:04:04.876654493Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.28.0.0/16","Gateway":"172.28.0.1"}]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{"gtcap":"1"}}""";

    // GT 097: the built-in host network (IPAM options null, no pools).
    const string GoldenHost =
        """{"Name":"host","Id":"77d273fe698387dd401ea3d05a5172d6bd4b4e9651535f3c383a28394559abf3","Created":"2026-11-30T02:45:53.373613179Z","Scope":"local","Driver":"host","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}}""";

    static NetworkView Gtcap(params NetworkEndpoint[] endpoints) => new(new NetworkRecord
    {
        Id = GtcapId,
        Name = "gtcap-net",
        Driver = "bridge",
        Created = DateTimeOffset.Parse("2026-11-30T03:04:04.8766544Z", System.Globalization.CultureInfo.InvariantCulture),
        IpamOptions = new Dictionary<string, string>(),
        Pools = [new IpamPool("172.28.0.0/16", "172.28.0.1")],
        Labels = new Dictionary<string, string> { ["gtcap"] = "1" },
    }, endpoints);

    static NetworkView Host() => new(new NetworkRecord
    {
        Id = "77d273fe698387dd401ea3d05a5172d6bd4b4e9651535f3c383a28394559abf3",
        Name = "host",
        Driver = "host",
        Created = DateTimeOffset.Parse("2026-11-30T02:45:53.3736131Z", System.Globalization.CultureInfo.InvariantCulture),
    }, []);

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    Task<(HttpResponseMessage Response, string Body)> PostJsonAsync(string url, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _app.SendAsync(HttpMethod.Post, url, content);
    }

    /// <summary>.NET keeps 100 ns ticks, Go nanoseconds: the last two digits of dockerd's time differ.</summary>
    static string At100ns(string golden) => golden.Replace(".876654493Z", ".8766544Z", StringComparison.Ordinal).Replace(".373613179Z", ".3736131Z", StringComparison.Ordinal);

    [Fact]
    public async Task Create_maps_the_docker_cli_body_and_answers_201_with_id_and_warning()
    {
        var (response, body) = await PostJsonAsync("/v1.41/networks/create",
            """{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.231.0.0/24","Gateway":"10.231.0.1","IPRange":"10.231.0.128/25"}]},"Internal":true,"Attachable":true,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{"com.docker.network.bridge.name":"wt-br"},"Labels":{"gtcap":"1"},"Name":"gtcap-net2","CheckDuplicate":true}""");
        Wire.AssertStandardHeaders(response);
        Wire.AssertJson(response, body, 201, $$"""{"Id":"{{new string('d', 64)}}","Warning":""}""");
        var c = _app.Networks.LastCreate!;
        Assert.Equal(("gtcap-net2", "bridge", "default", true, true, true), (c.Name, c.Driver, c.IpamDriver, c.Internal, c.Attachable, c.CheckDuplicate));
        Assert.Equal([new IpamPool("10.231.0.0/24", "10.231.0.1", "10.231.0.128/25")], c.Pools);
        Assert.Equal("wt-br", c.Options!["com.docker.network.bridge.name"]);
        Assert.Equal("1", c.Labels!["gtcap"]);
        Assert.Equal("", c.ConfigFrom);
    }

    [Fact]
    public async Task Create_errors_keep_dockerds_status_and_text()
    {
        _app.Networks.Failure = EngineException.Conflict("network with name gtcap-net already exists");
        var (response, body) = await PostJsonAsync("/v1.41/networks/create", """{"Name":"gtcap-net","Driver":"bridge"}""");
        Wire.AssertError(response, body, 409, "network with name gtcap-net already exists");
    }

    [Fact]
    public async Task Inspect_and_list_match_dockerds_bodies()
    {
        _app.Networks.Networks.Add(Host());
        _app.Networks.Networks.Add(Gtcap());
        var (response, body) = await _app.GetAsync("/v1.41/networks/gtcap-net");
        Wire.AssertJson(response, body, 200, At100ns(GoldenNetwork));
        (response, body) = await _app.GetAsync("/v1.41/networks?filters=%7B%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, At100ns($"[{GoldenHost},{GoldenNetwork}]"));
        Assert.Equal(["gtcap=1"], _app.Networks.LastFilters!.Get("label"));
    }

    [Fact]
    public async Task Inspect_lists_endpoints_by_container_id()
    {
        _app.Networks.Networks.Add(Gtcap(new NetworkEndpoint("c1", "gtcap-n1", "e1", "02:42:ac:1c:00:02", "172.28.0.2/16")));
        var (_, body) = await _app.GetAsync("/v1.41/networks/gtcap-net");
        Assert.Contains("""
            "Containers":{"c1":{"Name":"gtcap-n1","EndpointID":"e1","MacAddress":"02:42:ac:1c:00:02","IPv4Address":"172.28.0.2/16","IPv6Address":""}}
            """, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_network_is_404_with_dockerds_text()
    {
        var (response, body) = await _app.GetAsync("/v1.41/networks/gtcap-nosuch");
        Wire.AssertError(response, body, 404, "network gtcap-nosuch not found");
    }

    [Fact]
    public async Task Remove_is_204_and_active_endpoints_are_403()
    {
        var (response, _) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/networks/gtcap-net");
        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(["gtcap-net"], _app.Networks.Removed);

        var message = $"error while removing network: network gtcap-net id {GtcapId} has active endpoints";
        _app.Networks.Failure = new EngineException(ErrorKind.Forbidden, message);
        (response, var body) = await _app.SendAsync(HttpMethod.Delete, "/v1.41/networks/gtcap-net");
        Wire.AssertError(response, body, 403, message);
    }

    [Fact]
    public async Task Prune_lists_deleted_names_or_null()
    {
        var (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/networks/prune?filters=%7B%22label%22%3A%7B%22gtcap%3D1%22%3Atrue%7D%7D");
        Wire.AssertJson(response, body, 200, """{"NetworksDeleted":null}""");
        _app.Networks.Networks.Add(Gtcap());
        (response, body) = await _app.SendAsync(HttpMethod.Post, "/v1.41/networks/prune");
        Wire.AssertJson(response, body, 200, """{"NetworksDeleted":["gtcap-net"]}""");
    }

    [Fact]
    public async Task Connect_and_disconnect_take_the_docker_cli_bodies_and_answer_200_with_no_body()
    {
        // GT 102 and 104.
        var (connect, connectBody) = await PostJsonAsync("/v1.41/networks/gtcap-net/connect",
            """{"Container":"gtcap-n2","EndpointConfig":{"IPAMConfig":{},"Links":null,"Aliases":["n2alias"],"MacAddress":"","DriverOpts":{},"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}""");
        Assert.Equal((System.Net.HttpStatusCode.OK, ""), (connect.StatusCode, connectBody));
        var (disconnect, _) = await PostJsonAsync("/v1.41/networks/gtcap-net/disconnect", """{"Container":"gtcap-n2","Force":false}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, disconnect.StatusCode);
        var (withIp, _) = await PostJsonAsync("/v1.41/networks/n/connect", """{"Container":"c","EndpointConfig":{"IPAMConfig":{"IPv4Address":"10.1.2.3"}}}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, withIp.StatusCode);
        Assert.Equal(["connect gtcap-n2 gtcap-net [n2alias] ", "disconnect gtcap-n2 gtcap-net False", "connect c n [] 10.1.2.3"], _app.Containers.NetworkCalls);

        var (missing, body) = await PostJsonAsync("/v1.41/networks/n/connect", "{}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("container is required", body);
    }
}
