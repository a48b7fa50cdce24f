using System.Net;
using System.Text.Json.Nodes;
using Wharf.Cli.Tests.Run;

namespace Wharf.Cli.Tests.Network;

/// <summary><c>run</c>/<c>create</c> <c>--network-alias</c> and <c>--ip</c>: the endpoint settings docker 28 sends, and its refusal of aliases off user-defined networks.</summary>
public sealed class RunNetworkFlagsTests
{
    static async Task<(int Code, JsonNode? Body, string Err)> CreateAsync(params string[] args)
    {
        var daemon = new RecordingDaemon().On("POST /containers/create", HttpStatusCode.InternalServerError, "{\"message\":\"captured\"}");
        var (context, _, err) = daemon.Cli();
        using (context)
        {
            var code = await CliApp.RunAsync(context, args, CancellationToken.None);
            var create = daemon.Requests.Where(r => r.Request.StartsWith("POST /containers/create", StringComparison.Ordinal)).Select(r => r.Body).SingleOrDefault();
            return (code, create is null ? null : JsonNode.Parse(create), err.ToString());
        }
    }

    [Fact]
    public async Task Aliases_and_address_go_to_the_networks_endpoint()
    {
        var (_, body, _) = await CreateAsync("create", "--network", "n1", "--network-alias", "a,b", "--net-alias", "c", "--ip", "10.1.0.9", "busybox");
        Assert.Equal("n1", body!["HostConfig"]!["NetworkMode"]!.GetValue<string>());
        var endpoints = body["NetworkingConfig"]!["EndpointsConfig"]!.AsObject();
        Assert.Equal(["n1"], endpoints.Select(e => e.Key));
        // --network-alias is a list flag: a comma stays in the alias, as with docker.
        Assert.Equal("""["a,b","c"]""", endpoints["n1"]!["Aliases"]!.ToJsonString());
        Assert.Equal("""{"IPv4Address":"10.1.0.9"}""", endpoints["n1"]!["IPAMConfig"]!.ToJsonString());
    }

    [Fact]
    public async Task An_address_on_the_default_network_is_left_to_the_daemon()
    {
        var (code, body, err) = await CreateAsync("run", "--ip", "172.17.0.9", "busybox");
        Assert.Equal(125, code);
        Assert.Equal("wharf: Error response from daemon: captured\n\nRun 'wharf run --help' for more information\n", err);
        var endpoint = body!["NetworkingConfig"]!["EndpointsConfig"]!["default"]!;
        Assert.Equal("""{"IPv4Address":"172.17.0.9"}""", endpoint["IPAMConfig"]!.ToJsonString());
        Assert.Null(endpoint["Aliases"]);

        (_, body, _) = await CreateAsync("create", "busybox");
        endpoint = body!["NetworkingConfig"]!["EndpointsConfig"]!["default"]!;
        Assert.Null(endpoint["IPAMConfig"]);
        Assert.Null(endpoint["Aliases"]);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("create", "--network", "bridge")]
    [InlineData("create", "--network", "host")]
    [InlineData("run", "--network", "none")]
    [InlineData("create", "--net", "container:abc")]
    public async Task Aliases_need_a_user_defined_network(string verb, params string[] network)
    {
        var (code, body, err) = await CreateAsync([verb, .. network, "--network-alias", "x", "busybox"]);
        Assert.Equal(125, code);
        Assert.Equal($"wharf: network-scoped aliases are only supported for user-defined networks\n\nRun 'wharf {verb} --help' for more information\n", err);
        Assert.Null(body);
    }
}
