using System.Net;

namespace Wharf.Cli.Tests.Network;

/// <summary>
/// The network commands against a fake daemon: the requests and bodies the docker CLI 28 sends, and its output. The
/// golden files and expected texts were taken from docker 28.2 run against the same canned answers.
/// </summary>
public sealed class NetworkCommandTests
{
    // Three networks in an order natural sorting changes ("net10" after "net9"); one with a +01:00 creation time, one
    // with null maps and a null pool list.
    const string Networks = """
        [{"Name":"host","Id":"77d273fe698387dd401ea3d05a5172d6bd4b4e9651535f3c383a28394559abf3","Created":"2026-11-30T02:45:53.373613179Z","Scope":"local","Driver":"host","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}},
         {"Name":"net10","Id":"aa62a49cc544f6c27799996ad9dcf850955628e4f1c050fc74d9e383f2c54656","Created":"2026-11-30T02:45:53.406126452+01:00","Scope":"local","Driver":"bridge","EnableIPv6":true,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.28.0.0/16","Gateway":"172.28.0.1"}]},"Internal":true,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{"com.docker.network.bridge.name":"x"},"Labels":{"b.c-d_e":"2","a":"1"}},
         {"Name":"net9","Id":"55c91d16fb81f6c27799996ad9dcf850955628e4f1c050fc74d9e383f2c54656","Created":"2026-11-30T02:45:53Z","Scope":"local","Driver":"null","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":null},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":null,"Options":null,"Labels":null}]
        """;

    const string Net9 = """
        {"Name":"net9","Id":"55c91d16fb81f6c27799996ad9dcf850955628e4f1c050fc74d9e383f2c54656","Created":"2026-11-30T02:45:53.1Z","Scope":"local","Driver":"null","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":null},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{"abc":{"Name":"c1","EndpointID":"e","MacAddress":"m","IPv4Address":"1.2.3.4/16","IPv6Address":""}},"Options":null,"Labels":null}
        """;

    const string NotFound = """{"message":"network nope not found"}""";

    static FakeDaemon Daemon() => new FakeDaemon()
        .On("GET /networks", Networks)
        .On("GET /networks/net9", Net9)
        .On("GET /networks/nope", NotFound, HttpStatusCode.NotFound);

    [Fact]
    public async Task Ls_prints_dockers_table_in_natural_name_order()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls"));
        Golden.Assert(cli.Out.ToString(), "network-ls.golden");
        Assert.Equal(["GET /networks"], daemon.Requests);
    }

    [Fact]
    public async Task Ls_quiet_no_trunc_filters_and_list_alias()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "list", "-q", "--no-trunc", "-f", "driver=bridge", "--filter", "label=a"));
        Assert.Equal("77d273fe698387dd401ea3d05a5172d6bd4b4e9651535f3c383a28394559abf3\n55c91d16fb81f6c27799996ad9dcf850955628e4f1c050fc74d9e383f2c54656\n"
            + "aa62a49cc544f6c27799996ad9dcf850955628e4f1c050fc74d9e383f2c54656\n", cli.Out.ToString());
        Assert.Equal("""GET /networks?filters={"driver":{"bridge":true},"label":{"a":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));

        // -q changes only the bare "table" (and "raw") formats, as docker's newFormat does.
        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls", "-q", "--format", "table {{.Name}}"));
        Assert.Equal("NAME\nhost\nnet9\nnet10\n", cli.Out.ToString());
        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls", "-q", "--format", "raw"));
        Assert.Equal("network_id: 77d273fe6983\nnetwork_id: 55c91d16fb81\nnetwork_id: aa62a49cc544\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Ls_format_json_templates_labels_and_go_times()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls", "--format", "json"));
        Assert.Equal("""
            {"CreatedAt":"2026-11-30 02:45:53.373613179 +0000 UTC","Driver":"host","ID":"77d273fe6983","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"host","Scope":"local"}
            {"CreatedAt":"2026-11-30 02:45:53 +0000 UTC","Driver":"null","ID":"55c91d16fb81","IPv4":"false","IPv6":"false","Internal":"false","Labels":"","Name":"net9","Scope":"local"}
            {"CreatedAt":"2026-11-30 02:45:53.406126452 +0100 +0100","Driver":"bridge","ID":"aa62a49cc544","IPv4":"false","IPv6":"true","Internal":"true","Labels":"a=1,b.c-d_e=2","Name":"net10","Scope":"local"}

            """, cli.Out.ToString());

        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls", "--format", "table {{.ID}}\\t{{.Label \"b.c-d_e\"}}\\t{{.IPv4}}\\t{{.CreatedAt}}"));
        Golden.Assert(cli.Out.ToString(), "network-ls-custom-table.golden");

        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "ls", "--format", "raw"));
        Assert.StartsWith("network_id: 77d273fe6983\nname: host\ndriver: host\nscope: local\n\nnetwork_id: 55c91d16fb81\n", cli.Out.ToString(), StringComparison.Ordinal);

        cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("network", "ls", "--format", "{{.Nope}}"));
        Assert.Equal("template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *network.networkContext\n", cli.Err.ToString());
        Assert.Equal("", cli.Out.ToString());
    }

    [Theory]
    [InlineData("2026-11-30T02:45:53.406126452+01:00", "2026-11-30 02:45:53.406126452 +0100 +0100")]
    [InlineData("2026-11-30T02:45:53.100Z", "2026-11-30 02:45:53.1 +0000 UTC")]
    [InlineData("2026-11-30T02:45:53-05:30", "2026-11-30 02:45:53 -0530 -0530")]
    [InlineData("", "0001-01-01 00:00:00 +0000 UTC")]
    public void Created_prints_as_gos_time_string(string created, string expected)
        => Assert.Equal(expected, Wharf.Cli.Commands.Network.NetworkRows.GoTimeString(created));

    [Fact]
    public async Task Ls_refuses_arguments_in_dockers_words()
    {
        var cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("network", "ls", "extra"));
        Assert.Equal("wharf: 'wharf network ls' accepts no arguments\n\nUsage:  wharf network ls [OPTIONS]\n\nRun 'wharf network ls --help' for more information\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Create_sends_dockers_body_and_prints_the_id()
    {
        var daemon = new FakeDaemon().On("POST /networks/create", """{"Id":"dd71e842941a56502f9958b479f3996baf1aba46dea6c2ee5dd413938670a3a0","Warning":""}""", HttpStatusCode.Created);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "create", "--label", "gtcap=1", "gtcap-net"));
        Assert.Equal("dd71e842941a56502f9958b479f3996baf1aba46dea6c2ee5dd413938670a3a0\n", cli.Out.ToString());
        Assert.Equal(["POST /networks/create"], daemon.Requests);
        // The golden capture's body (docker 28.2), field order aside: wharf's DTO writes Name first.
        AssertJsonEqual("""{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{"gtcap":"1"},"Name":"gtcap-net","CheckDuplicate":true,"EnableIPv6":false}""",
            daemon.Bodies.Single());

        daemon = new FakeDaemon().On("POST /networks/create", """{"Id":"ab","Warning":"w"}""", HttpStatusCode.Created);
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "create", "-d", "bridge", "--subnet", "10.0.0.0/24,10.2.0.0/24", "--gateway", "10.2.0.1,10.0.0.1",
            "--ip-range", "10.0.0.0/25", "--internal", "--attachable", "--ipv6", "-o", "com.docker.network.bridge.name=br9", "--opt", "bare",
            "--ipam-driver", "default", "--ipam-opt", "x=y", "--label", "k", "n1"));
        Assert.Equal("ab\n", cli.Out.ToString());
        AssertJsonEqual("""
            {"Name":"n1","CheckDuplicate":true,"Driver":"bridge","Scope":"","Internal":true,"Attachable":true,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,
             "IPAM":{"Driver":"default","Options":{"x":"y"},"Config":[{"Subnet":"10.0.0.0/24","IPRange":"10.0.0.0/25","Gateway":"10.0.0.1"},{"Subnet":"10.2.0.0/24","Gateway":"10.2.0.1"}]},
             "EnableIPv6":true,"Options":{"com.docker.network.bridge.name":"br9","bare":""},"Labels":{"k":""}}
            """, daemon.Bodies.Single());

        // IPv6 pools and an IPv4-mapped gateway match as in Go.
        daemon = new FakeDaemon().On("POST /networks/create", """{"Id":"cd","Warning":""}""", HttpStatusCode.Created);
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "create", "--ipv6", "--subnet", "2001:db8::/64", "--gateway", "2001:db8::1", "--subnet", "10.0.0.0/24", "--gateway", "::ffff:10.0.0.1", "n2"));
        Assert.Contains("""
            "Config":[{"Subnet":"2001:db8::/64","Gateway":"2001:db8::1"},{"Subnet":"10.0.0.0/24","Gateway":"::ffff:10.0.0.1"}]
            """, daemon.Bodies.Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("every ip-range or gateway must have a corresponding subnet", "--gateway", "10.0.0.1")]
    [InlineData("every ip-range or gateway must have a corresponding subnet", "--subnet", "10.0.0.0/24", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2")]
    [InlineData("no matching subnet for gateway 10.1.0.1", "--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1")]
    [InlineData("no matching subnet for gateway bad", "--subnet", "10.0.0.0/24", "--gateway", "bad")]
    [InlineData("no matching subnet for range 10.1.0.0/26", "--subnet", "10.0.0.0/24", "--ip-range", "10.1.0.0/26")]
    [InlineData("invalid CIDR address: 10.0.0.5", "--subnet", "10.0.0.0/24", "--ip-range", "10.0.0.5")]
    [InlineData("invalid CIDR address: bad", "--ip-range", "bad", "--subnet", "10.0.0.0/24")]
    [InlineData("invalid subnet: invalid CIDR address: bad", "--subnet", "bad", "--gateway", "10.0.0.1")]
    [InlineData("multiple overlapping subnet configuration is not supported", "--subnet", "10.0.0.0/24", "--subnet", "10.0.0.0/16")]
    [InlineData("no matching subnet for gateway 010.0.0.1", "--subnet", "10.0.0.0/24", "--gateway", "010.0.0.1")]
    [InlineData("invalid subnet: invalid CIDR address: 010.0.0.0/24", "--subnet", "010.0.0.0/24", "--gateway", "10.0.0.1")]
    [InlineData("no matching subnet for gateway 2001:db9::1", "--subnet", "2001:db8::/64", "--gateway", "2001:db9::1")]
    [InlineData("cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/24)", "--subnet", "10.0.0.0/24,10.9.0.0/24", "--gateway", "10.0.0.1,10.0.0.2")]
    public async Task Create_checks_the_pools_as_docker_does(string error, params string[] flags)
    {
        var daemon = new FakeDaemon();
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync(["network", "create", .. flags, "x"]));
        Assert.Equal(error + "\n", cli.Err.ToString());
        Assert.Empty(daemon.Requests);
    }

    [Fact]
    public async Task Create_passes_what_it_does_not_match_to_the_daemon_and_reports_its_error()
    {
        var daemon = new FakeDaemon().On("POST /networks/create", """{"message":"network with name gtcap-net already exists"}""", HttpStatusCode.Conflict);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "create", "--subnet", "bad", "gtcap-net"));
        Assert.Equal("Error response from daemon: network with name gtcap-net already exists\n", cli.Err.ToString());
        Assert.Contains("\"Config\":[{\"Subnet\":\"bad\"}]", daemon.Bodies.Single(), StringComparison.Ordinal);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "create", "a", "b"));
        Assert.Equal("wharf: 'wharf network create' requires 1 argument\n\nUsage:  wharf network create [OPTIONS] NETWORK\n\nRun 'wharf network create --help' for more information\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Inspect_prints_the_daemons_json_then_the_errors()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "inspect", "net9", "nope"));
        Golden.Assert(cli.Out.ToString(), "network-inspect.golden");
        Assert.Equal("Error response from daemon: network nope not found\n", cli.Err.ToString());
        Assert.Equal(["GET /networks/net9", "GET /networks/nope"], daemon.Requests);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "inspect", "nope"));
        Assert.Equal("[]\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: network nope not found\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "inspect", "-v", "-f", "{{.Name}}", "net9"));
        Assert.Equal("net9\n", cli.Out.ToString());
        Assert.Equal("GET /networks/net9?verbose=true", daemon.Requests.Last());
    }

    [Fact]
    public async Task Inspect_templates_run_over_dockers_typed_network()
    {
        var cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("network", "inspect", "-f", "{{.Name}} {{.Options}} {{.Labels}} {{.IPAM.Options}} {{.IPAM.Config}} {{.EnableIPv4}}", "net9", "nope"));
        Assert.Equal("net9 map[] map[] map[] [] false\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: network nope not found\n", cli.Err.ToString());

        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("network", "inspect", "--format", "{{json .Containers}}", "net9"));
        Assert.Equal("""{"abc":{"Name":"c1","EndpointID":"e","MacAddress":"m","IPv4Address":"1.2.3.4/16","IPv6Address":""}}""" + "\n", cli.Out.ToString());

        cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("network", "inspect", "-f", "{{.Nope}}", "net9"));
        Assert.Equal("template parsing error: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Top_level_inspect_looks_for_a_network_after_images()
    {
        var daemon = Daemon()
            .On("GET /containers/net9/json", """{"message":"No such container: net9"}""", HttpStatusCode.NotFound)
            .On("GET /images/net9/json", """{"message":"No such image: net9:latest"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("inspect", "-f", "{{.Name}} {{.Options}}", "net9"));
        Assert.Equal("net9 map[]\n", cli.Out.ToString());
        Assert.Equal(["GET /containers/net9/json", "GET /images/net9/json", "GET /networks/net9"], daemon.Requests);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "--type", "network", "nope"));
        Assert.Equal("[]\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: network nope not found\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Rm_looks_up_then_removes_each_and_reports_errors_as_they_come()
    {
        var daemon = Daemon()
            .On("GET /networks/busy", Net9.Replace("net9", "busy", StringComparison.Ordinal))
            .On("DELETE /networks/busy", """{"message":"error while removing network: network busy id 123 has active endpoints"}""", HttpStatusCode.Forbidden)
            .On("DELETE /networks/net9", "", HttpStatusCode.NoContent)
            .On("DELETE /networks/nope", NotFound, HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "rm", "busy", "net9", "nope"));
        Assert.Equal("net9\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: error while removing network: network busy id 123 has active endpoints\n"
            + "Error response from daemon: network nope not found\nexit status 1\n", cli.Err.ToString());
        Assert.Equal(["GET /networks/busy", "DELETE /networks/busy", "GET /networks/net9", "DELETE /networks/net9", "GET /networks/nope", "DELETE /networks/nope"],
            daemon.Requests);

        // -f passes over a missing network, not over other errors.
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "remove", "-f", "nope", "net9"));
        Assert.Equal("net9\n", cli.Out.ToString());
        Assert.Equal("", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "rm", "-f", "busy"));
        Assert.StartsWith("Error response from daemon: error while removing network:", cli.Err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_asks_then_lists_the_removed_networks()
    {
        var daemon = new FakeDaemon().On("POST /networks/prune", """{"NetworksDeleted":["n1","n2"]}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "prune", "--filter", "label=gtcap=1"));
        Assert.Equal("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
            + "Deleted Networks:\nn1\nn2\n\n", cli.Out.ToString());
        Assert.Equal("""POST /networks/prune?filters={"label":{"gtcap=1":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));

        // "no": nothing more is printed, nothing pruned, status 0 as with docker 28.
        var output = new StringWriter();
        using (var context = new CliContext(output, new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(daemon, new Uri("http://fake"), Wharf.Api.ApiVersion.Current)) { OpenIn = () => new StringReader("n\n") })
        {
            Assert.Equal(0, await CliApp.RunAsync(context, ["network", "prune"], CancellationToken.None));
        }
        Assert.Equal(NetworkPruneWarning, output.ToString());
        Assert.Single(daemon.Requests);

        daemon = new FakeDaemon().On("POST /networks/prune", """{"NetworksDeleted":null}""");
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "prune", "-f"));
        Assert.Equal("", cli.Out.ToString());
        Assert.Equal(["POST /networks/prune"], daemon.Requests);
    }

    const string NetworkPruneWarning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";

    [Fact]
    public async Task Connect_and_disconnect_send_dockers_bodies()
    {
        var daemon = new FakeDaemon()
            .On("POST /networks/net9/connect", "", HttpStatusCode.OK)
            .On("POST /networks/net9/disconnect", "", HttpStatusCode.OK);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "connect", "net9", "c1", "--alias", "a", "--alias", "b,c", "--ip", "10.1.0.5"));
        Assert.Equal("", cli.Out.ToString() + cli.Err.ToString());
        AssertJsonEqual("""
            {"Container":"c1","EndpointConfig":{"IPAMConfig":{"IPv4Address":"10.1.0.5"},"Links":null,"Aliases":["a","b","c"],"NetworkID":"","EndpointID":"","Gateway":"",
             "IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"","DriverOpts":{}}}
            """, daemon.Bodies[0]);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "connect", "net9", "c1"));
        Assert.Contains("\"IPAMConfig\":{},\"Links\":null,\"Aliases\":[]", daemon.Bodies[1], StringComparison.Ordinal);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "disconnect", "-f", "net9", "c1"));
        Assert.Equal("""{"Container":"c1","Force":true}""", daemon.Bodies[2]);
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("network", "disconnect", "net9", "c1"));
        Assert.Equal("""{"Container":"c1","Force":false}""", daemon.Bodies[3]);
        Assert.Equal(["POST /networks/net9/connect", "POST /networks/net9/connect", "POST /networks/net9/disconnect", "POST /networks/net9/disconnect"], daemon.Requests);
    }

    [Fact]
    public async Task Connect_and_disconnect_report_the_daemons_error_and_usage()
    {
        var daemon = new FakeDaemon()
            .On("POST /networks/net9/connect", """{"message":"not implemented yet"}""", HttpStatusCode.NotImplemented)
            .On("POST /networks/net9/disconnect", """{"message":"container c1 is not connected to network net9"}""", HttpStatusCode.Forbidden);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "connect", "net9", "c1"));
        Assert.Equal("Error response from daemon: not implemented yet\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "disconnect", "net9", "c1"));
        Assert.Equal("Error response from daemon: container c1 is not connected to network net9\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("network", "connect", "net9"));
        Assert.Equal("wharf: 'wharf network connect' requires 2 arguments\n\nUsage:  wharf network connect [OPTIONS] NETWORK CONTAINER\n\nRun 'wharf network connect --help' for more information\n",
            cli.Err.ToString());
    }

    [Fact]
    public async Task The_top_level_help_lists_network()
    {
        var cli = new FakeDaemon().Cli();
        Assert.Equal(0, await cli.RunAsync("--help"));
        Assert.Matches(@"\n  network +Manage networks\n", cli.Out.ToString());
    }

    static void AssertJsonEqual(string expected, string actual)
        => Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual)),
            $"expected {expected}\nactual   {actual}");
}
