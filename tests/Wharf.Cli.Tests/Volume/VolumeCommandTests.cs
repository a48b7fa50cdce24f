using System.Net;

namespace Wharf.Cli.Tests.Volume;

public sealed class VolumeCommandTests
{
    // Three volumes, in an order that natural sorting changes: "vol10" after "vol9", the anonymous one first.
    const string Volumes = """
        {"Volumes":[
          {"CreatedAt":"2026-11-30T03:03:47Z","Driver":"local","Labels":{"team":"a","com.example.tier":"db"},"Mountpoint":"/var/lib/wharf/volumes/vol10/_data","Name":"vol10","Options":null,"Scope":"local"},
          {"CreatedAt":"2026-11-30T03:03:48Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/wharf/volumes/vol9/_data","Name":"vol9","Options":{"type":"tmpfs"},"Scope":"local"},
          {"CreatedAt":"2026-11-30T03:03:49Z","Driver":"local","Labels":{},"Mountpoint":"/var/lib/wharf/volumes/0f5c3b1e9d2a4c6b8e7f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/_data","Name":"0f5c3b1e9d2a4c6b8e7f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d","Options":null,"Scope":"local"}],
         "Warnings":null}
        """;

    static FakeDaemon Daemon() => new FakeDaemon().On("GET /volumes", Volumes);

    [Fact]
    public async Task Ls_prints_dockers_table_in_natural_name_order()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "ls"));
        Golden.Assert(cli.Out.ToString(), "volume-ls.golden");
    }

    [Fact]
    public async Task Ls_quiet_filters_and_list_alias()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "list", "-q", "-f", "dangling=true", "--filter", "label=team"));
        Assert.Equal("0f5c3b1e9d2a4c6b8e7f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\nvol9\nvol10\n", cli.Out.ToString());
        Assert.Equal("""GET /volumes?filters={"dangling":{"true":true},"label":{"team":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));
    }

    [Fact]
    public async Task Ls_format_json_templates_and_labels()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "ls", "--format", "json"));
        Assert.Equal("""{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"com.example.tier=db,team=a","Links":"N/A","Mountpoint":"/var/lib/wharf/volumes/vol10/_data","Name":"vol10","Scope":"local","Size":"N/A","Status":"N/A"}""",
            cli.Out.ToString().Split('\n')[2]);

        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "ls", "--format", "table {{.Name}}\\t{{.Scope}}\\t{{.Label \"com.example.tier\"}}"));
        Golden.Assert(cli.Out.ToString(), "volume-ls-custom-table.golden");

        cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "ls", "--format", "{{.Nope}}"));
        Assert.Equal("template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.volumeContext\n", cli.Err.ToString());
        Assert.Equal("", cli.Out.ToString());
    }

    [Fact]
    public async Task Ls_refuses_arguments_and_bad_filters_in_dockers_words()
    {
        var cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "ls", "extra"));
        Assert.StartsWith("wharf: 'wharf volume ls' accepts no arguments\n", cli.Err.ToString(), StringComparison.Ordinal);
        cli = Daemon().Cli();
        Assert.NotEqual(0, await cli.RunAsync("volume", "ls", "-f", "nobad"));
        Assert.Contains("bad format of filter (expected name=value)", cli.Err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_sends_dockers_body_and_prints_the_name()
    {
        const string created = """{"CreatedAt":"2026-11-30T03:03:47Z","Driver":"local","Labels":{"k":"v"},"Mountpoint":"/m","Name":"data","Options":{"type":"tmpfs"},"Scope":"local"}""";
        var daemon = new FakeDaemon().On("POST /volumes/create", created, HttpStatusCode.Created);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "create", "--label", "k=v", "--label", "bare", "-o", "type=tmpfs", "--opt", "device=tmpfs", "data"));
        Assert.Equal("data\n", cli.Out.ToString());
        Assert.Equal("""{"Driver":"local","DriverOpts":{"type":"tmpfs","device":"tmpfs"},"Labels":{"k":"v","bare":""},"Name":"data"}""", daemon.Bodies.Single());

        // Anonymous: no name in the body, the daemon's name printed.
        daemon = new FakeDaemon().On("POST /volumes/create", created.Replace("\"data\"", "\"0f5c3b1e\"", StringComparison.Ordinal), HttpStatusCode.Created);
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "create", "-d", "local"));
        Assert.Equal("0f5c3b1e\n", cli.Out.ToString());
        Assert.Equal("""{"Driver":"local"}""", daemon.Bodies.Single());
    }

    [Fact]
    public async Task Create_refuses_two_names_and_reports_the_daemons_error()
    {
        var daemon = new FakeDaemon().On("POST /volumes/create", """{"message":"create zz: error looking up volume plugin nodriver: plugin \"nodriver\" not found"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "create", "--name", "x", "y"));
        Assert.Equal("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n", cli.Err.ToString());
        Assert.Empty(daemon.Bodies);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "create", "-d", "nodriver", "zz"));
        Assert.Equal("Error response from daemon: create zz: error looking up volume plugin nodriver: plugin \"nodriver\" not found\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "create", "a", "b"));
        Assert.StartsWith("wharf: 'wharf volume create' requires at most 1 argument\n", cli.Err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_prints_found_volumes_then_errors()
    {
        var daemon = new FakeDaemon()
            .On("GET /volumes/data", """{"CreatedAt":"2026-11-30T03:03:47Z","Driver":"local","Labels":null,"Mountpoint":"/m","Name":"data","Options":null,"Scope":"local"}""")
            .On("GET /volumes/nope", """{"message":"get nope: no such volume"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "inspect", "data", "nope"));
        Assert.Equal("""
            [
                {
                    "CreatedAt": "2026-11-30T03:03:47Z",
                    "Driver": "local",
                    "Labels": null,
                    "Mountpoint": "/m",
                    "Name": "data",
                    "Options": null,
                    "Scope": "local"
                }
            ]

            """, cli.Out.ToString());
        Assert.Equal("Error response from daemon: get nope: no such volume\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "inspect", "-f", "{{.Name}} {{.Mountpoint}}", "data"));
        Assert.Equal("data /m\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Top_level_inspect_falls_back_to_volumes()
    {
        var daemon = new FakeDaemon()
            .On("GET /containers/data/json", """{"message":"No such container: data"}""", HttpStatusCode.NotFound)
            .On("GET /images/data/json", """{"message":"No such image: data:latest"}""", HttpStatusCode.NotFound)
            .On("GET /volumes/data", """{"Name":"data","Driver":"local"}""")
            .On("GET /volumes/nope", """{"message":"get nope: no such volume"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("inspect", "-f", "{{.Name}} {{.Driver}}", "data"));
        Assert.Equal("data local\n", cli.Out.ToString());
        Assert.Equal(["GET /containers/data/json", "GET /images/data/json", "GET /networks/data", "GET /volumes/data"], daemon.Requests);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "--type", "volume", "data", "nope"));
        Assert.Equal("Error response from daemon: get nope: no such volume\n", cli.Err.ToString());
        Assert.Equal("GET /volumes/nope", daemon.Requests.Last());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "nope"));
        Assert.Equal("Error: No such object: nope\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Rm_prints_each_removed_name_and_then_the_errors()
    {
        var daemon = new FakeDaemon()
            .On("DELETE /volumes/a", "", HttpStatusCode.NoContent)
            .On("DELETE /volumes/busy", """{"message":"remove busy: volume is in use - [0123]"}""", HttpStatusCode.Conflict)
            .On("DELETE /volumes/nope", """{"message":"get nope: no such volume"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "rm", "busy", "a", "nope"));
        Assert.Equal("a\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: remove busy: volume is in use - [0123]\nError response from daemon: get nope: no such volume\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "remove", "-f", "a"));
        Assert.Equal("DELETE /volumes/a?force=1", daemon.Requests.Last());
    }

    [Fact]
    public async Task Prune_at_api_1_41_warns_of_all_volumes_and_refuses_all()
    {
        var daemon = new FakeDaemon().On("POST /volumes/prune", """{"VolumesDeleted":["v1","v2"],"SpaceReclaimed":5242880}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "prune", "--filter", "label=x"));
        Assert.Equal("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
            + "Deleted Volumes:\nv1\nv2\n\nTotal reclaimed space: 5.243MB\n", cli.Out.ToString());
        Assert.Equal("""POST /volumes/prune?filters={"label":{"x":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "prune", "-a", "-f"));
        Assert.Equal("\"--all\" requires API version 1.42, but the Docker daemon API version is 1.41\n", cli.Err.ToString());
        Assert.Single(daemon.Requests);
    }

    [Fact]
    public async Task Prune_refuses_all_even_when_the_daemon_speaks_a_newer_api()
    {
        // wharf negotiates at most 1.41, where --all does not exist; docker says the same of a 1.41 daemon.
        var daemon = new FakeDaemon().WithApiVersion("1.47").On("POST /volumes/prune", """{"VolumesDeleted":null,"SpaceReclaimed":0}""");
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("volume", "prune", "--all"));
        Assert.Equal("\"--all\" requires API version 1.42, but the Docker daemon API version is 1.41\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("volume", "prune", "-f"));
        Assert.Equal("Total reclaimed space: 0B\n", cli.Out.ToString());
        Assert.Equal("POST /volumes/prune", daemon.Requests.Last());
    }

    [Fact]
    public async Task Prune_answered_no_does_nothing()
    {
        var daemon = new FakeDaemon();
        var output = new StringWriter();
        using var context = new CliContext(output, new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(daemon, new Uri("http://fake"), Wharf.Api.ApiVersion.Current)) { OpenIn = () => new StringReader("n\n") };
        Assert.Equal(0, await CliApp.RunAsync(context, ["volume", "prune"], CancellationToken.None));
        Assert.Equal("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ", output.ToString());
        Assert.Empty(daemon.Requests);
    }
}
