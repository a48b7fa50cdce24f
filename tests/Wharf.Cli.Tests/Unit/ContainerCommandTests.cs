using System.Net;
using System.Text;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;

namespace Wharf.Cli.Tests.Unit;

public sealed class ContainerCommandTests
{
    static FakeDaemon NoContent(FakeDaemon daemon, params string[] routes)
    {
        foreach (var route in routes) daemon.On(route, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        return daemon;
    }

    static FakeDaemon Missing(FakeDaemon daemon, string route, string name)
        => daemon.On(route, $$"""{"message":"No such container: {{name}}"}""", HttpStatusCode.NotFound);

    [Fact]
    public async Task Lifecycle_verbs_print_each_name_then_every_error_and_exit_1()
    {
        var daemon = Missing(NoContent(new FakeDaemon(), "POST /containers/a/stop", "POST /containers/b/stop"), "POST /containers/nope/stop", "nope");
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("stop", "-t", "1", "-s", "SIGUSR1", "a", "nope", "b"));
        Assert.Equal("a\nb\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());
        Assert.Equal(["POST /containers/a/stop?signal=SIGUSR1&t=1", "POST /containers/nope/stop?signal=SIGUSR1&t=1", "POST /containers/b/stop?signal=SIGUSR1&t=1"], daemon.Requests);

        daemon = NoContent(new FakeDaemon(), "POST /containers/a/restart", "POST /containers/a/kill", "POST /containers/a/pause", "POST /containers/a/unpause");
        foreach (var args in (string[][])[["restart", "a"], ["container", "restart", "--time", "3", "a"], ["kill", "-s", "HUP", "a"], ["kill", "a"], ["pause", "a"], ["unpause", "a"]])
        {
            cli = daemon.Cli();
            Assert.Equal(0, await cli.RunAsync(args));
            Assert.Equal("a\n", cli.Out.ToString());
        }
        Assert.Equal(["POST /containers/a/restart", "POST /containers/a/restart?t=3", "POST /containers/a/kill?signal=HUP", "POST /containers/a/kill",
            "POST /containers/a/pause", "POST /containers/a/unpause"], daemon.Requests);

        cli = new FakeDaemon().Cli();
        Assert.Equal(1, await cli.RunAsync("stop"));
        Assert.Equal("wharf: 'wharf stop' requires at least 1 argument\n\nUsage:  wharf stop [OPTIONS] CONTAINER [CONTAINER...]\n\n" +
                     "See 'wharf stop --help' for more information\n", cli.Err.ToString());
    }

    /// <summary>The first line the docker CLI 28 prints for each wrong count (docker's name replaced), exit status 1.</summary>
    [Theory]
    [InlineData("wharf: 'wharf logs' requires 1 argument", "logs")]
    [InlineData("wharf: 'wharf port' requires at least 1 and at most 2 arguments", "port", "a", "b", "c")]
    [InlineData("wharf: 'wharf images' requires at most 1 argument", "images", "a", "b")]
    [InlineData("wharf: 'wharf tag' requires 2 arguments", "tag", "a", "b", "c")]
    [InlineData("wharf: 'wharf exec' requires at least 2 arguments", "exec", "a")]
    [InlineData("wharf: 'wharf events' accepts no arguments", "events", "x")]
    [InlineData("wharf: 'wharf container rename' requires 2 arguments", "container", "rename", "a")]
    [InlineData("wharf: 'wharf import' requires at least 1 argument", "import")]
    public async Task A_wrong_number_of_arguments_is_reported_as_docker_does(string expected, params string[] args)
    {
        var cli = new FakeDaemon().Cli();
        Assert.Equal(1, await cli.RunAsync(args));
        Assert.Equal(expected, cli.Err.ToString().Split('\n')[0]);
    }

    [Fact]
    public async Task Rm_force_reports_a_missing_container_without_failing()
    {
        var daemon = Missing(NoContent(new FakeDaemon(), "DELETE /containers/a"), "DELETE /containers/nope", "nope");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("rm", "-f", "-v", "nope", "/a"));
        Assert.Equal("a\n", cli.Out.ToString().Replace("/a", "a", StringComparison.Ordinal));
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());
        Assert.Equal(["DELETE /containers/nope?force=1&v=1", "DELETE /containers/a?force=1&v=1"], daemon.Requests);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("container", "remove", "nope", "a"));
        Assert.Equal("a\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Wait_prints_exit_codes_and_rename_says_what_failed()
    {
        var daemon = Missing(new FakeDaemon().On("POST /containers/a/wait", """{"Error":null,"StatusCode":3}"""), "POST /containers/nope/wait", "nope")
            .On("POST /containers/a/rename", """{"message":"Error when allocating new name: Conflict."}""", HttpStatusCode.Conflict);
        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("wait", "a", "nope", "a"));
        Assert.Equal("3\n3\n", cli.Out.ToString());
        Assert.Equal("Error response from daemon: No such container: nope\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("rename", "a", "b"));
        Assert.Equal("Error response from daemon: Error when allocating new name: Conflict.\nError: failed to rename container named a\n", cli.Err.ToString());
        Assert.Equal("POST /containers/a/rename?name=b", daemon.Requests[^1]);
    }

    [Fact]
    public async Task Update_sends_only_the_flags_given_and_needs_one()
    {
        var daemon = new FakeDaemon().On("POST /containers/a/update", """{"Warnings":["careful"]}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("update", "--cpus", "1.5", "-m", "64m", "--memory-swap", "-1", "--pids-limit", "10", "--restart", "on-failure:2", "-c", "512", "a"));
        Assert.Equal("a\ncareful\n", cli.Out.ToString());
        var body = System.Text.Json.Nodes.JsonNode.Parse(daemon.Bodies.Single())!.AsObject();
        Assert.Equal(1_500_000_000L, body["NanoCpus"]!.GetValue<long>());
        Assert.Equal(64L * 1024 * 1024, body["Memory"]!.GetValue<long>());
        Assert.Equal(-1L, body["MemorySwap"]!.GetValue<long>());
        Assert.Equal(10L, body["PidsLimit"]!.GetValue<long>());
        Assert.Equal(512L, body["CpuShares"]!.GetValue<long>());
        Assert.Equal("on-failure", body["RestartPolicy"]!["Name"]!.GetValue<string>());
        Assert.Equal(2, body["RestartPolicy"]!["MaximumRetryCount"]!.GetValue<int>());
        Assert.Null(body["CpuQuota"]);

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("update", "a"));
        Assert.Equal("you must provide one or more flags when using this command\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(125, await cli.RunAsync("container", "update", "-m", "1x", "a"));
        Assert.Equal("invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n\nUsage:  wharf container update [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'wharf container update --help' for more information\n", cli.Err.ToString());

        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("update", "--restart", "sometimes", "a"));
        Assert.StartsWith("invalid restart policy: unknown policy 'sometimes'", cli.Err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64m", 64L << 20)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("2b", 2L)]
    public void Memory_sizes_are_binary_as_in_go_units(string text, long bytes) => Assert.Equal(bytes, Units.RamInBytes(text));

    [Fact]
    public void Bad_sizes_and_cpus_are_refused()
    {
        Assert.Throws<CliException>(() => Units.RamInBytes("lots"));
        Assert.Throws<CliException>(() => Units.RamInBytes("5q"));
        Assert.Throws<CliException>(() => UpdateCommand.NanoCpus("0.0000000001"));
        Assert.Equal(250_000_000, UpdateCommand.NanoCpus("0.25"));
    }

    [Fact]
    public async Task Logs_inspect_first_then_demultiplex_or_copy_a_tty_stream()
    {
        byte[] framed = [1, 0, 0, 0, 0, 0, 0, 3, (byte)'o', (byte)'k', (byte)'\n', 2, 0, 0, 0, 0, 0, 0, 4, (byte)'b', (byte)'a', (byte)'d', (byte)'\n'];
        var daemon = new FakeDaemon()
            .On("GET /containers/a/json", """{"Id":"aaaa","Config":{"Tty":false}}""")
            .On("GET /containers/aaaa/logs", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(framed) })
            .On("GET /containers/t/json", """{"Id":"tttt","Config":{"Tty":true}}""")
            .On("GET /containers/tttt/logs", _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(framed) });
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("logs", "--tail", "5", "-t", "--details", "--since", "2026-11-30T11:00:00Z", "--until", "10m", "a"));
        Assert.Equal("ok\n", cli.Out.ToString());
        Assert.Equal("bad\n", cli.Err.ToString());
        Assert.Equal("GET /containers/aaaa/logs?details=1&since=1796036400.000000000&stderr=1&stdout=1&tail=5&timestamps=1&until=1796039400.000000000", daemon.Requests[^1]);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("container", "logs", "t"));
        Assert.Equal(Encoding.UTF8.GetString(framed), cli.Out.ToString());
        Assert.Equal("GET /containers/tttt/logs?stderr=1&stdout=1&tail=all", daemon.Requests[^1]);
    }

    [Fact]
    public async Task Top_passes_ps_options_in_order_and_prints_twenty_wide_columns()
    {
        var daemon = new FakeDaemon().On("GET /containers/a/top", """{"Titles":["PID","COMMAND"],"Processes":[["1","sleep"],["22","sh"]]}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("top", "a", "-o", "pid,comm"));
        Assert.Equal("PID                 COMMAND\n1                   sleep\n22                  sh\n", cli.Out.ToString());
        Assert.Equal("GET /containers/a/top?ps_args=-o%20pid%2Ccomm", daemon.Requests[^1]);
    }

    [Fact]
    public async Task Diff_port_and_commit()
    {
        var daemon = new FakeDaemon()
            .On("GET /containers/a/changes", """[{"Path":"/tmp","Kind":0},{"Path":"/tmp/x","Kind":1},{"Path":"/etc/motd","Kind":2}]""")
            .On("GET /containers/a/json", """{"Id":"aaaa","NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"9/udp":[{"HostIp":"127.0.0.1","HostPort":"9"}],"443/tcp":null}}}""")
            .On("GET /containers/b/json", """{"Id":"bbbb","NetworkSettings":{"Ports":{}}}""")
            .On("POST /commit", """{"Id":"sha256:0123"}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("diff", "a"));
        Assert.Equal("C /tmp\nA /tmp/x\nD /etc/motd\n", cli.Out.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("port", "a"));
        Assert.Equal("9/udp -> 127.0.0.1:9\n80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n", cli.Out.ToString());
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("port", "a", "80"));
        Assert.Equal("0.0.0.0:8080\n[::]:8080\n", cli.Out.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("port", "a", "443/tcp"));
        Assert.Equal("Error: No public port '443/tcp' published for a\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("port", "b"));
        Assert.Equal("", cli.Out.ToString());

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("commit", "-a", "me", "-m", "why", "-c", "CMD [\"sh\"]", "-c", "ENV X=1", "--pause=false", "a", "team/img"));
        Assert.Equal("sha256:0123\n", cli.Out.ToString());
        Assert.Equal("POST /commit?author=me&changes=CMD%20%5B%22sh%22%5D&changes=ENV%20X%3D1&comment=why&container=a&pause=0&repo=docker.io%2Fteam%2Fimg&tag=latest", daemon.Requests[^1]);
        Assert.Equal(("localhost:5000/x", "v1"), CommitCommand.Normalize("localhost:5000/x:v1"));
        Assert.Equal(("docker.io/library/box", "latest"), CommitCommand.Normalize("box"));
    }

    [Fact]
    public async Task Prunes_ask_first_and_report_what_went()
    {
        var daemon = new FakeDaemon()
            .On("POST /containers/prune", """{"ContainersDeleted":["aaaa","bbbb"],"SpaceReclaimed":2048}""")
            .On("POST /images/prune", """{"ImagesDeleted":[{"Untagged":"old:1"},{"Deleted":"sha256:0123"}],"SpaceReclaimed":5000000}""");
        var cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("container", "prune", "--filter", "until=1h"));
        Assert.Equal(ContainerPruneCommand.Warning + "Deleted Containers:\naaaa\nbbbb\n\nTotal reclaimed space: 2.048kB\n", cli.Out.ToString());
        Assert.Equal("POST /containers/prune?filters=%7B%22until%22%3A%7B%221h%22%3Atrue%7D%7D", daemon.Requests[^1]);

        cli = daemon.Cli();
        Assert.Equal(0, await cli.RunAsync("system", "prune", "-a", "-f"));
        Assert.Equal("Deleted Containers:\naaaa\nbbbb\n\nDeleted Images:\nuntagged: old:1\ndeleted: sha256:0123\n\nTotal reclaimed space: 5.002MB\n", cli.Out.ToString());
        Assert.Equal("POST /images/prune?filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D", daemon.Requests[^1]);

        var declined = new FakeDaemon();
        var output = new StringWriter();
        using var context = new CliContext(output, new StringWriter(), _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(declined, new Uri("http://fake"), Wharf.Api.ApiVersion.Current)) { OpenIn = () => new StringReader("n\n") };
        Assert.Equal(0, await CliApp.RunAsync(context, ["system", "prune"], CancellationToken.None));
        Assert.Equal(Wharf.Cli.Commands.System.SystemPruneCommand.Warning, output.ToString());
        Assert.Empty(declined.Requests);
    }

    [Fact]
    public async Task Export_refuses_a_terminal_and_cp_needs_exactly_one_container()
    {
        var daemon = new FakeDaemon();
        var output = new StringWriter();
        var error = new StringWriter();
        using var context = new CliContext(output, error, _ => null, new Wharf.Cli.Hosts.ContextStore("/nonexistent-wharf-config"),
            _ => Wharf.Client.WharfClient.ForHandler(daemon, new Uri("http://fake"), Wharf.Api.ApiVersion.Current)) { OutIsTerminal = true };
        Assert.Equal(1, await CliApp.RunAsync(context, ["export", "a"], CancellationToken.None));
        Assert.Equal("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", error.ToString());
        Assert.Empty(daemon.Requests);

        var cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("cp", "a:/x", "b:/y"));
        Assert.Equal("copying between containers is not supported\n", cli.Err.ToString());
        cli = daemon.Cli();
        Assert.Equal(1, await cli.RunAsync("cp", "/x", "./y:z"));
        Assert.Equal("must specify at least one container source\n", cli.Err.ToString());
        Assert.Equal(("c", "/p"), CpCommand.Split("c:/p"));
        Assert.Equal((null, "/abs:x"), CpCommand.Split("/abs:x"));
        Assert.Equal((null, "./rel:x"), CpCommand.Split("./rel:x"));
    }

    [Fact]
    public void Archive_entries_are_rebased_as_docker_rebases_them()
    {
        Assert.Equal("new/f", LocalArchive.Rebase("d/f", "d", "new"));
        Assert.Equal("new", LocalArchive.Rebase("d/", "d", "new"));
        Assert.Equal("f", LocalArchive.Rebase("./d/f", "d", ""));
        Assert.Equal("", LocalArchive.Rebase("d", "d", ""));
        Assert.Equal("dd/f", LocalArchive.Rebase("dd/f", "d", "x"));
        // dockerd names a "dir/." source ".", its entries "./" and "./f".
        Assert.Equal("new", LocalArchive.Rebase("./", ".", "new"));
        Assert.Equal("new/s/g", LocalArchive.Rebase("./s/g", ".", "new"));
        Assert.Equal("f", LocalArchive.Rebase("./f", ".", ""));
        Assert.Equal("", LocalArchive.Rebase("./", ".", ""));
    }

    [Fact]
    public void Text_stream_keeps_a_character_split_across_writes()
    {
        var writer = new StringWriter();
        using var stream = new TextWriterStream(writer);
        var bytes = Encoding.UTF8.GetBytes("é…");
        foreach (var b in bytes) stream.Write([b]);
        Assert.Equal("é…", writer.ToString());
    }
}
