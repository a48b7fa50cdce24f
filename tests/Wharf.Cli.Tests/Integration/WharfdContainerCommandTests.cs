using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Integration;

/// <summary>The container commands against a real wharfd with real containers (root: runc, conmon, overlayfs).</summary>
public sealed class WharfdContainerCommandTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    const string Image = "clicore/busybox:latest";

    [RootFact]
    public async Task Ps_inspect_logs_wait_diff_rename_update_port_and_df()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        await using var kit = await ContainerTestKit.CreateAsync(daemon.Client, Image);
        var labels = new Dictionary<string, string> { ["clicore"] = "1" };
        var a = await kit.RunAsync("cc-a", ["sh", "-c", "echo out; echo err >&2; exec sleep 1000"], labels: labels);
        var b = await kit.RunAsync("cc-b", ["sh", "-c", "echo one; echo two; touch /tmp/new; exit 3"], labels: labels);
        Assert.Equal(3, (await daemon.Client.Containers.WaitAsync(b)).StatusCode);

        var ps = await cli.RunAsync("ps", "--filter", "label=clicore=1");
        Assert.True(ps.Code == 0, ps.Err);
        var lines = ps.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^CONTAINER ID   IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$", lines[0]);
        Assert.Single(lines[1..]);
        // The image as given at create (docker keeps the tag too); the command quoted and cut to 20 characters.
        Assert.Matches($"^{a[..12]}   clicore/busybox:latest   \"sh -c .{{13}}…\"   .+ ago +Up .+ +cc-a$", lines[1]);

        Assert.Equal($"{b[..12]}\n{a[..12]}\n", (await cli.RunAsync("ps", "-a", "-q", "--filter", "label=clicore=1")).Out);
        Assert.Equal("cc-b Exited (3)\n", Cut((await cli.RunAsync("ps", "-a", "--filter", "label=clicore=1", "--filter", "status=exited", "--format", "{{.Names}} {{.Status}}")).Out));
        var sized = await cli.RunAsync("ps", "-a", "-s", "--filter", "name=cc-b", "--format", "{{.Names}} {{.Size}}");
        Assert.Matches(@"^cc-b \d+(\.\d+)?[kM]?B \(virtual \d+(\.\d+)?MB\)\n$", sized.Out);
        Assert.Equal("cc-b\n", (await cli.RunAsync("ps", "-l", "--format", "{{.Names}}")).Out);

        var inspect = await cli.RunAsync("inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.ExitCode}}", "cc-a", "cc-b", Image, "nope");
        Assert.Equal(1, inspect.Code);
        // The image has no .Name: that object fails alone, as in docker 28.
        Assert.Equal("/cc-a running 0\n/cc-b exited 3\n", inspect.Out);
        Assert.Equal("template parsing error: template: :1:2: executing \"\" at <.Name>: map has no entry for key \"Name\"\nError: No such object: nope\n", inspect.Err);

        Assert.Equal("one\ntwo\n", (await cli.RunAsync("logs", "cc-b")).Out);
        Assert.Equal("two\n", (await cli.RunAsync("logs", "--tail", "1", "cc-b")).Out);
        await ContainerTestKit.EventuallyAsync(async () => (await cli.RunAsync("logs", "cc-a")).Err == "err\n", "cc-a's stderr");
        var stamped = await cli.RunAsync("container", "logs", "-t", "cc-a");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z out\n$", stamped.Out);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z err\n$", stamped.Err);

        Assert.Equal("3\n", (await cli.RunAsync("wait", "cc-b")).Out);
        Assert.Contains("A /tmp/new\n", (await cli.RunAsync("diff", "cc-b")).Out, StringComparison.Ordinal);

        var rename = await cli.RunAsync("rename", "cc-b", "cc-b2");
        Assert.True(rename.Code == 0, rename.Err);
        Assert.Equal("/cc-b2\n", (await cli.RunAsync("container", "inspect", "-f", "{{.Name}}", b[..12])).Out);
        var clash = await cli.RunAsync("rename", "cc-b2", "cc-a");
        Assert.Equal(1, clash.Code);
        Assert.EndsWith("Error: failed to rename container named cc-b2\n", clash.Err, StringComparison.Ordinal);

        var update = await cli.RunAsync("update", "--memory", "64m", "--memory-swap", "128m", "--pids-limit", "50", "cc-a");
        Assert.True(update.Code == 0, update.Err);
        Assert.Equal("cc-a\n", update.Out);
        Assert.Equal("67108864 134217728 50\n", (await cli.RunAsync("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.PidsLimit}}", "cc-a")).Out);

        var port = await cli.RunAsync("port", "cc-a");
        Assert.Equal((0, ""), (port.Code, port.Out));

        // wharfd's /system/df does not list containers yet (its server part is another issue's): the rows are checked
        // against a fake daemon and dockerd; here the sections must be there.
        var df = await cli.RunAsync("system", "df");
        Assert.Matches(@"\nContainers +\d+ +\d+ +", df.Out);
        var verbose = await cli.RunAsync("system", "df", "-v");
        Assert.Contains("Containers space usage:\n\nCONTAINER ID   IMAGE", verbose.Out, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Lifecycle_verbs_over_several_names_with_one_missing_and_prune()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        await using var kit = await ContainerTestKit.CreateAsync(daemon.Client, Image);
        var labels = new Dictionary<string, string> { ["clicore-life"] = "1" };
        foreach (var name in (string[])["lc-1", "lc-2", "lc-3"]) await kit.RunAsync(name, ["sleep", "1000"], labels: labels);
        const string Missing = "Error response from daemon: No such container: nope\n";

        Assert.Equal((1, "lc-1\nlc-2\n", Missing), await cli.RunAsync("pause", "lc-1", "nope", "lc-2"));
        Assert.Equal("lc-1 paused\n", (await cli.RunAsync("ps", "--filter", "name=lc-1", "--format", "{{.Names}} {{.State}}")).Out);
        Assert.Equal((1, "lc-1\nlc-2\n", Missing), await cli.RunAsync("unpause", "lc-1", "lc-2", "nope"));
        Assert.Equal((1, "lc-1\n", Missing), await cli.RunAsync("kill", "-s", "KILL", "nope", "lc-1"));
        Assert.Equal((0, "lc-2\nlc-3\n", ""), await cli.RunAsync("stop", "-t", "1", "lc-2", "lc-3"));
        Assert.Equal("137\n", (await cli.RunAsync("wait", "lc-1")).Out);
        var restart = await cli.RunAsync("restart", "-t", "1", "lc-3");
        Assert.Equal((0, "lc-3\n"), (restart.Code, restart.Out));
        Assert.Equal("running\n", (await cli.RunAsync("inspect", "-f", "{{.State.Status}}", "lc-3")).Out);

        var rm = await cli.RunAsync("rm", "lc-1", "nope", "lc-3");
        Assert.Equal(1, rm.Code);
        Assert.Equal("lc-1\n", rm.Out);
        Assert.StartsWith(Missing + "Error response from daemon: ", rm.Err, StringComparison.Ordinal);
        Assert.Equal((0, "lc-3\n", Missing), await cli.RunAsync("rm", "-f", "nope", "lc-3"));

        var prune = await cli.RunAsync("container", "prune", "-f", "--filter", "label=clicore-life=1");
        Assert.True(prune.Code == 0, prune.Err);
        var lc2 = (await daemon.Client.Containers.ListAsync(all: true, filters: new Dictionary<string, IReadOnlyList<string>> { ["name"] = ["lc-2"] }));
        Assert.Empty(lc2);
        Assert.Matches(@"^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: \d+(\.\d+)?[kM]?B\n$", prune.Out);
        Assert.Equal("", (await cli.RunAsync("ps", "-a", "-q", "--filter", "label=clicore-life=1")).Out);
    }

    [RootFact]
    public async Task Commands_the_daemon_does_not_serve_yet_print_its_error_and_exit_1()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        await using var kit = await ContainerTestKit.CreateAsync(daemon.Client, Image);
        await kit.RunAsync("ni-1", ["sleep", "1000"]);
        using var dir = new TempDirectory();
        foreach (var args in (string[][])[["cp", "ni-1:/etc/hostname", dir.Path], ["export", "-o", Path.Combine(dir.Path, "x.tar"), "ni-1"]])
        {
            var result = await cli.RunAsync(args);
            if (result.Code == 0) continue; // served by now (a later issue): nothing to check here
            Assert.Equal(1, result.Code);
            Assert.StartsWith("Error response from daemon: ", result.Err, StringComparison.Ordinal);
        }
    }

    [RootFact]
    public async Task Commit_makes_an_image_that_runs_with_the_changes_and_shows_author_and_message()
    {
        const string committed = "clicore/committed:v1";
        using var cli = new CliRunner(daemon.SocketPath);
        await using var kit = await ContainerTestKit.CreateAsync(daemon.Client, Image);
        var id = await kit.RunAsync("cm-1", ["sh", "-c", "echo committed > /f"]);
        await daemon.Client.Containers.WaitAsync(id);
        try
        {
            var commit = await cli.RunAsync("commit", "-a", "me", "-m", "msg", "-c", "CMD [\"cat\",\"/f\"]", "cm-1", committed);
            Assert.True(commit.Code == 0, commit.Err);
            Assert.Matches("^sha256:[0-9a-f]{64}\n$", commit.Out);
            Assert.Equal("me msg [cat /f]\n", (await cli.RunAsync("image", "inspect", "-f", "{{.Author}} {{.Comment}} {{.Config.Cmd}}", committed)).Out);
            // run writes the container's output to the process's streams, which only the stream runner captures.
            using var streams = new Run.StreamCliRunner(daemon.SocketPath);
            var run = await streams.RunAsync("run", "--rm", "--network", "none", committed);
            Assert.True(run.Code == 0, run.Err);
            Assert.Equal("committed\n", run.Out);
            var bad = await cli.RunAsync("commit", "-c", "RUN true", "cm-1");
            Assert.Equal((1, "Error response from daemon: run is not a valid change command\n"), (bad.Code, bad.Err));
        }
        finally
        {
            await cli.RunAsync("rmi", "-f", committed);
        }
    }

    static string Cut(string statusLines) => string.Concat(statusLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l[..(l.IndexOf(')', StringComparison.Ordinal) + 1)] + "\n"));
}
