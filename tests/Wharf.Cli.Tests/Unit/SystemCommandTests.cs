using System.Net;
using System.Net.Sockets;
using Wharf.Api.Events;
using Wharf.Cli.Commands.System;
using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

public sealed class SystemCommandTests
{
    const string Version = """
        {"Platform":{"Name":"Wharf Engine"},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"2026-11-03T00:00:00.000000000+00:00","Experimental":"false","GitCommit":"abc1234","GoVersion":".NET 10.0.0","KernelVersion":"6.1.0","MinAPIVersion":"1.24","Os":"linux"}},{"Name":"runc","Version":"1.1.5","Details":{"GitCommit":"v1.1.5-0"}}],
         "Version":"0.1.0","ApiVersion":"1.41","MinAPIVersion":"1.24","GitCommit":"abc1234","GoVersion":".NET 10.0.0","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0","BuildTime":"2026-11-30T00:00:00.000000000+00:00"}
        """;

    [Fact]
    public async Task Version_prints_the_server_section_with_dockers_layout()
    {
        var cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(0, await cli.RunAsync("version"));
        // The client part depends on the build; the server part is pinned.
        var server = cli.Out.ToString()[cli.Out.ToString().IndexOf("\nServer:", StringComparison.Ordinal)..];
        Golden.Assert(server, "version-server.golden");
        Assert.StartsWith("Client:\n Version:           ", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("\n Context:           default\n", cli.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_format_renders_over_client_and_server()
    {
        var cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(0, await cli.RunAsync("version", "--format", "{{.Server.Version}} {{.Client.APIVersion}}"));
        Assert.Equal("0.1.0 1.41\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Version_with_the_daemon_down_prints_the_client_part_then_the_reason()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "none.sock");
        using var cli = new CliContext(new StringWriter(), new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore(dir.Path));
        Assert.Equal(1, await CliApp.RunAsync(cli, ["-H", $"unix://{socket}", "version"], CancellationToken.None));
        Assert.StartsWith("Client:\n", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Server:", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{socket}. Is the daemon running?\n", cli.Err.ToString());
    }

    [Fact]
    public async Task An_older_daemon_is_an_api_version_mismatch_and_a_newer_one_is_negotiated_down()
    {
        var cli = new FakeDaemon().WithApiVersion("1.12").On("GET /version", Version).Cli();
        Assert.Equal(1, await cli.RunAsync("images"));
        Assert.Equal("Error response from daemon: client version 1.24 is too new. Maximum supported API version is 1.12\n", cli.Err.ToString());

        // A newer daemon takes the client's maximum: no ping is needed for a read.
        var daemon = new FakeDaemon().WithApiVersion("1.51").On("GET /images/json", "[]");
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("images", "-q"));
        Assert.Equal(["GET /images/json"], daemon.Requests);

        // An older one refuses it; the ping then settles a lower version, and the read goes again under it.
        var paths = new List<string>();
        daemon = new FakeDaemon().WithApiVersion("1.40").On("GET /images/json", request =>
        {
            paths.Add(request.RequestUri!.AbsolutePath);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]") };
        });
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("images", "-q"));
        Assert.Equal(["GET /images/json", "HEAD /_ping", "GET /images/json"], daemon.Requests);
        Assert.Equal(["/v1.40/images/json"], paths);
    }

    [Fact]
    public async Task Version_negotiates_from_its_own_answer_without_a_ping()
    {
        var daemon = new FakeDaemon().WithApiVersion("1.51").On("GET /version", Version.Replace("\"ApiVersion\":\"1.41\",\"MinAPIVersion\"", "\"ApiVersion\":\"1.40\",\"MinAPIVersion\"", StringComparison.Ordinal));
        var cli = daemon.Cli();

        Assert.Equal(0, await cli.RunAsync("version", "--format", "{{.Client.APIVersion}} {{.Server.APIVersion}}"));

        Assert.Equal("1.40 1.40\n", cli.Out.ToString());
        Assert.Equal(["GET /version"], daemon.Requests);
    }

    [Fact]
    public async Task Version_json_is_the_docker_clis_marshalling_of_its_types()
    {
        var cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(0, await cli.RunAsync("version", "--format", "json"));
        var json = cli.Out.ToString();
        // clientVersion's tags: APIVersion as "ApiVersion", the nil Platform left out, and the fields in its order.
        Assert.Matches("""^\{"Client":\{"Version":"[^"]+","ApiVersion":"1\.41","DefaultAPIVersion":"1\.41","GitCommit":"[^"]+","GoVersion":"[^"]+","Os":"linux","Arch":"[^"]+","BuildTime":"[^"]+","Context":"default"\},"Server":""", json);
        // types.Version re-marshalled: the Engine's build time as the docker CLI shows it, Experimental false left out.
        Assert.EndsWith("""
            "Server":{"Platform":{"Name":"Wharf Engine"},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"Tue Nov  3 00:00:00 2026","Experimental":"false","GitCommit":"abc1234","GoVersion":".NET 10.0.0","KernelVersion":"6.1.0","MinAPIVersion":"1.24","Os":"linux"}},{"Name":"runc","Version":"1.1.5","Details":{"GitCommit":"v1.1.5-0"}}],"Version":"0.1.0","ApiVersion":"1.41","MinAPIVersion":"1.24","GitCommit":"abc1234","GoVersion":".NET 10.0.0","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0","BuildTime":"2026-11-30T00:00:00.000000000+00:00"}}

            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_templates_see_the_docker_clis_field_names_and_types()
    {
        var cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(0, await cli.RunAsync("version", "--format", "{{.Server.APIVersion}} {{.Client.Platform}} {{.Server.Platform}} {{len .Server.Components}} {{.Server.Experimental}}"));
        Assert.Equal("1.41 <nil> {Wharf Engine} 2 false\n", cli.Out.ToString());

        cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(1, await cli.RunAsync("version", "--format", "x{{.Server.ApiVersion}}"));
        // What the template wrote before failing is printed, as the docker CLI's tab writer does.
        Assert.Equal("x\n", cli.Out.ToString());
        Assert.Equal("template: version:1:10: executing \"version\" at <.Server.ApiVersion>: can't evaluate field ApiVersion in type *types.Version\n", cli.Err.ToString());
    }

    [Fact]
    public async Task A_version_template_that_does_not_parse_exits_64_before_any_output()
    {
        var cli = new FakeDaemon().On("GET /version", Version).Cli();
        Assert.Equal(64, await cli.RunAsync("version", "--format", "{{.Client"));
        Assert.Equal("", cli.Out.ToString());
        Assert.Equal("template parsing error: template: version:1: unclosed action\n", cli.Err.ToString());
    }

    [Fact]
    public async Task A_daemon_without_components_gets_an_engine_made_of_its_top_level_fields()
    {
        const string old = """{"Version":"19.03.1","ApiVersion":"1.40","MinAPIVersion":"1.12","GitCommit":"74b1e89","GoVersion":"go1.12.5","Os":"linux","Arch":"amd64","Experimental":true,"BuildTime":"2019-07-25T21:19:53.000000000+00:00"}""";
        var cli = new FakeDaemon().On("GET /version", old).Cli();
        Assert.Equal(0, await cli.RunAsync("version", "--format", "{{range .Server.Components}}{{.Name}} {{.Version}} {{.Details}}{{end}}"));
        Assert.Equal("Engine 19.03.1 map[ApiVersion:1.40 Arch:amd64 BuildTime:Thu Jul 25 21:19:53 2019 Experimental:true GitCommit:74b1e89 GoVersion:go1.12.5 MinAPIVersion:1.12 Os:linux]\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Version_with_a_template_and_no_daemon_says_why_there_is_no_server()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "none.sock");
        using var cli = new CliContext(new StringWriter(), new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore(dir.Path));
        Assert.Equal(1, await CliApp.RunAsync(cli, ["-H", $"unix://{socket}", "version", "--format", "{{.Server.Version}}"], CancellationToken.None));
        Assert.Equal("\n", cli.Out.ToString());
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{socket}. Is the daemon running?\n", cli.Err.ToString());
    }

    [Fact]
    public async Task A_refused_tcp_port_says_so()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var dir = new TempDirectory();
        using var cli = new CliContext(new StringWriter(), new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore(dir.Path));
        Assert.Equal(1, await CliApp.RunAsync(cli, ["-H", $"tcp://127.0.0.1:{port}", "images"], CancellationToken.None));
        Assert.Equal($"Cannot connect to the Wharf daemon at tcp://127.0.0.1:{port}: connection refused. Is the daemon running and listening on 127.0.0.1:{port}?\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Tls_to_a_plain_listener_is_a_handshake_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Accept and close at once: the client's TLS hello gets no answer.
        var accepting = Task.Run(async () => { using var c = await listener.AcceptTcpClientAsync(); });
        using var dir = new TempDirectory();
        using var cli = new CliContext(new StringWriter(), new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore(dir.Path));
        Assert.Equal(1, await CliApp.RunAsync(cli, ["-H", $"tcp://127.0.0.1:{port}", "--tls", "images"], CancellationToken.None));
        Assert.StartsWith($"TLS handshake with the Wharf daemon at tcp://127.0.0.1:{port} failed", cli.Err.ToString(), StringComparison.Ordinal);
        await accepting;
    }

    [Fact]
    public void Events_print_as_docker_prints_them()
    {
        var e = new EventMessage
        {
            Type = "image", Action = "tag", Time = 1796040000, TimeNano = 1796040000123456789,
            Actor = new EventActor { ID = "sha256:a416", Attributes = new Dictionary<string, string> { ["name"] = "busybox:latest", ["a"] = "b" } },
        };
        Assert.Equal("2026-11-30T12:00:00.123456789Z image tag sha256:a416 (a=b, name=busybox:latest)", EventsCommand.Pretty(e));
    }

    [Fact]
    public async Task Events_send_since_and_until_as_unix_times_and_render_templates()
    {
        var daemon = new FakeDaemon().On("GET /events", """
            {"status":"tag","id":"sha256:a416","Type":"image","Action":"tag","Actor":{"ID":"sha256:a416","Attributes":{"name":"busybox:latest"}},"scope":"local","time":1796040000,"timeNano":1796040000000000000}

            """);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "events", "--since", "10m", "--until", "2026-11-30T12:00:00Z", "--filter", "type=image",
            "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"));
        Assert.Equal("image tag busybox:latest\n", cli.Out.ToString());
        Assert.Equal("""GET /events?since=1796039400.000000000&until=1796040000.000000000&filters={"type":{"image":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("events", "--until", "0s", "--format", "json"));
        Assert.Equal("""{"status":"tag","id":"sha256:a416","Type":"image","Action":"tag","Actor":{"ID":"sha256:a416","Attributes":{"name":"busybox:latest"}},"scope":"local","time":1796040000,"timeNano":1796040000000000000}""" + "\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Df_prints_the_summary_table()
    {
        var daemon = new FakeDaemon().On("GET /system/df", """
            {"LayersSize":4261550,"Images":[{"Containers":0,"Created":1796039880,"Id":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824","Labels":null,"ParentId":"","RepoDigests":[],"RepoTags":["busybox:latest"],"SharedSize":0,"Size":4261550,"VirtualSize":4261550}],"Containers":[],"Volumes":[],"BuildCache":[],"BuilderSize":0}
            """);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "df"));
        Golden.Assert(cli.Out.ToString(), "system-df.golden");
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "df", "-v"));
        Golden.Assert(cli.Out.ToString(), "system-df-verbose.golden");
    }
}
