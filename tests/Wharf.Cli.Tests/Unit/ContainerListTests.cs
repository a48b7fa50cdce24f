using System.Net;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Container;

namespace Wharf.Cli.Tests.Unit;

public sealed class ContainerListTests
{
    // Created 2 minutes and 3 days before FakeDaemon.Now (2026-11-30T12:00:00Z = 1796040000).
    const string List = """
        [{"Id":"4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c","Names":["/web"],"Image":"busybox","ImageID":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824",
          "Command":"busybox httpd -f -p 80 -h /etc","Created":1796039880,
          "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"},{"PrivatePort":444,"Type":"tcp"},{"IP":"127.0.0.1","PrivatePort":81,"PublicPort":81,"Type":"udp"}],
          "SizeRw":12,"SizeRootFs":4261550,
          "Labels":{"com.example.team":"core","a":"b"},"State":"running","Status":"Up 2 minutes","HostConfig":{"NetworkMode":"default"},
          "NetworkSettings":{"Networks":{"bridge":{},"back":{}}},"Mounts":[{"Type":"volume","Name":"0123456789abcdef0123","Source":"/var/lib/x","Destination":"/data","Driver":"local","Mode":"","RW":true,"Propagation":""}]},
         {"Id":"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b","Names":["/other/alias","/db"],"Image":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824","ImageID":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824",
          "Command":"sh","Created":1795780800,"Ports":[],"Labels":{},"State":"exited","Status":"Exited (3) 2 days ago","HostConfig":{"NetworkMode":"none"},
          "NetworkSettings":{"Networks":{}},"Mounts":[]}]
        """;

    static FakeDaemon Daemon() => new FakeDaemon().On("GET /containers/json", List);

    [Fact]
    public async Task Ps_prints_dockers_columns_with_ranges_of_ports_and_quoted_truncated_commands()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "-a"));
        Golden.Assert(cli.Out.ToString(), "ps.golden");
    }

    [Fact]
    public async Task Ps_size_adds_the_size_column_and_asks_the_daemon_for_sizes()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("container", "ls", "-s", "-n", "2", "--filter", "status=running", "-f", "label=a"));
        Golden.Assert(cli.Out.ToString(), "ps-size.golden");
        Assert.Equal("GET /containers/json?limit=2&size=1&filters=%7B%22status%22%3A%7B%22running%22%3Atrue%7D%2C%22label%22%3A%7B%22a%22%3Atrue%7D%7D", daemon.Requests[^1]);
    }

    [Fact]
    public async Task Ps_quiet_latest_json_and_templates()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "-q", "-l"));
        Assert.Equal("4f1c2d3e4f5a\n9a8b7c6d5e4f\n", cli.Out.ToString());
        Assert.Equal("GET /containers/json?limit=1", daemon.Requests[^1]);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "--format", "{{.Names}}|{{.Label \"com.example.team\"}}|{{.Labels}}|{{.Networks}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Size}}|{{.CreatedAt}}|{{.State}}"));
        Assert.Equal("web|core|a=b,com.example.team=core|back,bridge|0123456789abcd…|1|12B (virtual 4.26MB)|2026-11-30 11:58:00 +0000 UTC|running\n"
            + "db|||||0|0B|2026-11-27 12:00:00 +0000 UTC|exited\n", cli.Out.ToString());
        // A template that uses .Size asks for sizes, as docker does.
        Assert.Equal("GET /containers/json?size=1", daemon.Requests[^1]);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "--no-trunc", "--format", "json"));
        var first = cli.Out.ToString().Split('\n')[0];
        Assert.Equal("""{"Command":"\"busybox httpd -f -p 80 -h /etc\"","CreatedAt":"2026-11-30 11:58:00 +0000 UTC","ID":"4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c","Image":"busybox","Labels":"a=b,com.example.team=core","LocalVolumes":"1","Mounts":"0123456789abcdef0123","Names":"web","Networks":"back,bridge","Platform":null,"Ports":"127.0.0.1:81->81/udp, 443-444/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp","RunningFor":"2 minutes ago","Size":"12B (virtual 4.26MB)","State":"running","Status":"Up 2 minutes"}""", first);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "--format", "table {{.Names}}\t{{.Label \"com.example.team\"}}"));
        Assert.Equal("NAMES     team\nweb       core\ndb        \n", cli.Out.ToString());
    }

    [Fact]
    public async Task Ps_template_errors_are_reported_as_docker_reports_them()
    {
        var cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("ps", "--format", "{{.Bogus}}"));
        Assert.Equal("failed to execute template: template: :1:2: executing \"\" at <.Bogus>: can't evaluate field Bogus in type *formatter.ContainerContext\n", cli.Err.ToString());
        Assert.Equal("", cli.Out.ToString());

        cli = Daemon().Cli();
        Assert.Equal(1, await cli.RunAsync("ps", "--format", "{{.Names"));
        Assert.StartsWith("failed to parse template: template: :1: unclosed action", cli.Err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ps_raw_format_pads_only_non_empty_values()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "--format", "raw"));
        Assert.EndsWith("names: db\nlabels:\nports:\n\n", cli.Out.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("container_id: 4f1c2d3e4f5a\nimage: busybox\ncommand: \"busybox httpd -f -p…\"\ncreated_at: 2026-11-30 11:58:00 +0000 UTC\nstate: running\nstatus: Up 2 minutes\nnames: web\nlabels: a=b,com.example.team=core\nports: 127.0.0.1:81->81/udp, 443-444/tcp, 0.0.0.0:8080->80/tcp",
            cli.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_with_fields_missing_or_null_lists_with_their_zero_values()
    {
        var daemon = new FakeDaemon().On("GET /containers/json", """[{"Id":"0123456789abcdef","Names":null,"Ports":null,"Labels":null,"NetworkSettings":null,"Mounts":null,"Created":null}]""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("ps", "--format", "{{.ID}}|{{.Names}}|{{.Ports}}|{{.Labels}}|{{.Networks}}|{{.Mounts}}|{{.Image}}|{{.Command}}|{{.Label \"x\"}}"));
        Assert.Equal("0123456789ab||||||<no image>|\"\"|\n", cli.Out.ToString());
    }

    [Fact]
    public void Displayable_ports_group_consecutive_ports_and_list_remappings_last()
    {
        Port P(int priv, int? pub = null, string? ip = null, string type = "tcp") => new() { PrivatePort = (ushort)priv, PublicPort = (ushort?)pub, IP = ip, Type = type };
        Assert.Equal("", ContainerRows.DisplayablePorts([]));
        Assert.Equal("80-82/tcp, 90/tcp", ContainerRows.DisplayablePorts([P(82), P(80), P(81), P(90)]));
        Assert.Equal("53/udp, 0.0.0.0:8000-8001->8000-8001/tcp, 0.0.0.0:9000->80/tcp",
            ContainerRows.DisplayablePorts([P(8001, 8001, "0.0.0.0"), P(80, 9000, "0.0.0.0"), P(8000, 8000, "0.0.0.0"), P(53, type: "udp")]));
    }

    [Fact]
    public void Natural_order_sorts_port_lines_by_number()
    {
        List<string> lines = ["80/tcp -> 0.0.0.0:8080", "8080/tcp -> 0.0.0.0:1", "9/tcp -> 0.0.0.0:9"];
        lines.Sort(NaturalOrder.Compare);
        Assert.Equal(["9/tcp -> 0.0.0.0:9", "80/tcp -> 0.0.0.0:8080", "8080/tcp -> 0.0.0.0:1"], lines);
    }

    [Fact]
    public async Task Inspect_falls_back_from_container_to_image_and_types_narrow_the_lookup()
    {
        var daemon = new FakeDaemon()
            .On("GET /containers/web/json", """{"Id":"4f1c","Name":"/web"}""")
            .On("GET /containers/busybox/json", """{"message":"No such container: busybox"}""", HttpStatusCode.NotFound)
            .On("GET /images/busybox/json", """{"Id":"sha256:a416","RepoTags":["busybox:latest"]}""")
            .On("GET /containers/nope/json", """{"message":"No such container: nope"}""", HttpStatusCode.NotFound)
            .On("GET /images/nope/json", """{"message":"No such image: nope:latest"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "-f", "{{.Id}}", "web", "busybox", "nope"));
        Assert.Equal("4f1c\nsha256:a416\n", cli.Out.ToString());
        Assert.Equal("Error: No such object: nope\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "--type", "container", "-f", "{{.Id}}", "busybox"));
        Assert.Equal("\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: busybox\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("container", "inspect", "web", "nope"));
        Assert.Equal("[\n    {\n        \"Id\": \"4f1c\",\n        \"Name\": \"/web\"\n    }\n]\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("inspect", "-s", "--type", "container", "web"));
        Assert.Equal("GET /containers/web/json?size=1", daemon.Requests[^1]);
    }

    [Fact]
    public async Task System_df_counts_and_lists_containers()
    {
        var daemon = new FakeDaemon().On("GET /system/df", """
            {"LayersSize":4261550,"Images":[{"Containers":2,"Created":1796039880,"Id":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824","Labels":null,"ParentId":"","RepoDigests":[],"RepoTags":["busybox:latest"],"SharedSize":0,"Size":4261550,"VirtualSize":4261550}],
             "Containers":[{"Id":"4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c","Names":["/web"],"Image":"busybox","ImageID":"sha256:a416","Command":"busybox httpd -f -p 80 -h /etc","Created":1796039880,"SizeRw":2000,"SizeRootFs":4263550,"Labels":{},"State":"running","Status":"Up 2 minutes","Mounts":[{"Name":"v","Source":"/x","Destination":"/data","Driver":"local"}]},
                           {"Id":"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b","Names":["/db"],"Image":"busybox","ImageID":"sha256:a416","Command":"sh","Created":1795780800,"SizeRw":6000,"SizeRootFs":4267550,"Labels":{},"State":"exited","Status":"Exited (3) 2 days ago","Mounts":[]}],
             "Volumes":[],"BuildCache":[],"BuilderSize":0}
            """);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "df"));
        Golden.Assert(cli.Out.ToString(), "system-df-containers.golden");
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "df", "-v"));
        Golden.Assert(cli.Out.ToString(), "system-df-containers-verbose.golden");
    }
}
