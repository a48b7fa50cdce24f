using System.Net;

namespace Wharf.Cli.Tests.Unit;

public sealed class ImageCommandTests
{
    // Two images: busybox with two tags and a digest, created 2 minutes and 3 days before FakeDaemon.Now; one dangling image.
    const string Images = """
        [{"Containers":-1,"Created":1796039880,"Id":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824","Labels":null,"ParentId":"",
          "RepoDigests":["busybox@sha256:5acba83a746c7608ed544dc1533b87c737a0b0fb730301639a0179f9344b1678"],
          "RepoTags":["busybox:latest","busybox:1.36"],"SharedSize":-1,"Size":4261550,"VirtualSize":4261550},
         {"Containers":-1,"Created":1795780800,"Id":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","Labels":null,"ParentId":"",
          "RepoDigests":[],"RepoTags":[],"SharedSize":-1,"Size":1234567890,"VirtualSize":1234567890}]
        """;

    static FakeDaemon Daemon() => new FakeDaemon().On("GET /images/json", Images);

    [Fact]
    public async Task Images_prints_dockers_table()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("images"));
        Golden.Assert(cli.Out.ToString(), "images.golden");
    }

    [Fact]
    public async Task Images_with_digests_and_no_trunc()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("image", "ls", "--digests", "--no-trunc", "-a"));
        Golden.Assert(cli.Out.ToString(), "images-digests.golden");
        Assert.Equal("GET /images/json?all=1&digests=1", daemon.Requests.Single(r => r.StartsWith("GET /images", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Images_quiet_prints_one_short_id_per_row()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("images", "-q"));
        Assert.Equal("a416a98b71e2\na416a98b71e2\n0123456789ab\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Images_format_json_and_templates()
    {
        var cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("images", "--format", "json"));
        var first = cli.Out.ToString().Split('\n')[0];
        Assert.Equal("""{"Containers":"N/A","CreatedAt":"2026-11-30 11:58:00 +0000 UTC","CreatedSince":"2 minutes ago","Digest":"<none>","ID":"a416a98b71e2","Repository":"busybox","SharedSize":"N/A","Size":"4.26MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"4.26MB"}""", first);

        cli = Daemon().Cli();
        Assert.Equal(0, await cli.RunAsync("images", "--format", "table {{.Repository}}:{{.Tag}}\\t{{upper .Size}}"));
        Golden.Assert(cli.Out.ToString(), "images-custom-table.golden");
    }

    [Fact]
    public async Task Images_filters_and_reference_go_to_the_daemon()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("images", "--filter", "dangling=true", "busybox"));
        var request = Uri.UnescapeDataString(daemon.Requests.Single(r => r.StartsWith("GET /images", StringComparison.Ordinal)));
        Assert.Equal("""GET /images/json?filters={"dangling":{"true":true},"reference":{"busybox":true}}""", request);
    }

    [Fact]
    public async Task A_bad_filter_or_template_fails_before_calling_the_daemon()
    {
        var daemon = Daemon();
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("images", "--filter", "dangling"));
        Assert.Equal("bad format of filter (expected name=value)\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("images", "--format", "{{nope}}"));
        Assert.Equal("template parsing error: template: :1: function \"nope\" not defined\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("images", "--format", "{{.Nope}}"));
        Assert.Equal("template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext\n", cli.Err.ToString());
        Assert.Empty(cli.Out.ToString());
        Assert.DoesNotContain(daemon.Requests, r => r.Contains("filters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_flags_are_usage_errors_with_status_125()
    {
        var cli = Daemon().Cli();
        Assert.Equal(125, await cli.RunAsync("images", "--bogus", "-a", "x", "y"));
        Assert.Equal("unknown flag: --bogus\n\nUsage:  wharf images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'wharf images --help' for more information\n", cli.Err.ToString());
    }

    [Fact]
    public async Task History_prints_dockers_table()
    {
        var daemon = new FakeDaemon().On("GET /images/busybox/history", """
            [{"Comment":"","Created":1796039880,"CreatedBy":"/bin/sh -c #(nop)  CMD [\"sh\"]","Id":"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824","Size":0,"Tags":["busybox:latest"]},
             {"Comment":"imported","Created":1796039820,"CreatedBy":"/bin/sh -c #(nop) ADD file:7e9002edaafd4e4579b65c8f0aaabde1aeb7fd3f8d95579f7fd3443cef785fd1 in / ","Id":"<missing>","Size":4261550,"Tags":null}]
            """);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("history", "busybox"));
        Golden.Assert(cli.Out.ToString(), "history.golden");

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("image", "history", "-H=false", "--no-trunc", "--format", "{{.ID}} {{.Size}} {{.CreatedSince}}", "busybox"));
        Assert.Equal("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824 0 2026-11-30T11:58:00Z\n<missing> 4261550 2026-11-30T11:57:00Z\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Rmi_prints_each_result_then_every_error()
    {
        var daemon = new FakeDaemon()
            .On("DELETE /images/busybox", """[{"Untagged":"busybox:latest"},{"Deleted":"sha256:a416"}]""")
            .On("DELETE /images/nope", """{"message":"No such image: nope:latest"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("rmi", "-f", "--no-prune", "nope", "busybox"));
        Assert.Equal("Untagged: busybox:latest\nDeleted: sha256:a416\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such image: nope:latest\n", cli.Err.ToString());
        Assert.Contains("DELETE /images/busybox?force=1&noprune=1", daemon.Requests);
    }

    [Fact]
    public async Task Tag_splits_the_target_at_the_last_colon_after_the_last_slash()
    {
        var daemon = new FakeDaemon().On("POST /images/busybox/tag", "");
        Assert.Equal(0, await daemon.Cli().RunAsync("tag", "busybox", "localhost:5000/team/box:v1"));
        Assert.Equal(0, await daemon.Cli().RunAsync("image", "tag", "busybox", "localhost:5000/box"));
        Assert.Contains("POST /images/busybox/tag?repo=localhost%3A5000%2Fteam%2Fbox&tag=v1", daemon.Requests);
        Assert.Contains("POST /images/busybox/tag?repo=localhost%3A5000%2Fbox", daemon.Requests);
    }

    [Fact]
    public async Task Inspect_prints_the_raw_json_indented_or_a_template_per_image()
    {
        var daemon = new FakeDaemon()
            .On("GET /images/busybox/json", """{"Id":"sha256:a416","RepoTags":["busybox:latest"],"Size":4261550,"Config":{"Cmd":["sh"]}}""")
            .On("GET /images/nope/json", """{"message":"No such image: nope:latest"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("image", "inspect", "busybox"));
        Golden.Assert(cli.Out.ToString(), "image-inspect.golden");

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "--type", "image", "-f", "{{.Id}} {{index .Config.Cmd 0}}", "busybox", "nope"));
        Assert.Equal("sha256:a416 sh\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such image: nope:latest\n", cli.Err.ToString());

        // A key the object lacks is an error for that object only, as docker 28 reports it; nothing printed is an empty line.
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "--type", "image", "-f", "{{.Id}} {{.Missing}}", "busybox"));
        Assert.Equal("\n", cli.Out.ToString());
        Assert.Equal("template parsing error: template: :1:10: executing \"\" at <.Missing>: map has no entry for key \"Missing\"\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("image", "inspect", "nope"));
        Assert.Equal("[]\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such image: nope:latest\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("inspect", "nope"));
        Assert.Equal("[]\n", cli.Out.ToString());
        Assert.Equal("Error: No such object: nope\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Prune_asks_unless_forced_and_reports_reclaimed_space()
    {
        var daemon = new FakeDaemon().On("POST /images/prune", """{"ImagesDeleted":[{"Untagged":"old:1"},{"Deleted":"sha256:0123"}],"SpaceReclaimed":5242880}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("image", "prune", "-a"));
        Assert.Equal("WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
            + "Deleted Images:\nuntagged: old:1\ndeleted: sha256:0123\n\nTotal reclaimed space: 5.243MB\n", cli.Out.ToString());
        Assert.Equal("""POST /images/prune?filters={"dangling":{"false":true}}""", Uri.UnescapeDataString(daemon.Requests.Last()));
    }

    [Fact]
    public async Task Daemon_errors_print_as_error_response_from_daemon()
    {
        var daemon = new FakeDaemon().On("GET /images/nope/history", """{"message":"No such image: nope:latest"}""", HttpStatusCode.NotFound);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("history", "nope"));
        Assert.Equal("Error response from daemon: No such image: nope:latest\n", cli.Err.ToString());
    }
}
