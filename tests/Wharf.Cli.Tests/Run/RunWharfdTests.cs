using Wharf.Client;
using Wharf.Testing;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Run;

/// <summary>
/// run, create, start -a, attach and exec against a real wharfd with real busybox containers. Every test names its
/// containers and removes them (force) even when it fails.
/// </summary>
public sealed class RunWharfdTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "clirun/busybox:1";
    readonly List<string> _names = [];

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var import = await cli.RunAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), Image);
        Assert.True(import.Code == 0, import.Err);
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _names)
        {
            try { await daemon.Client.Containers.RemoveAsync(name, force: true); }
            catch (WharfApiException e) when (e.StatusCode == 404) { }
        }
    }

    string Name(string name)
    {
        _names.Add(name);
        return name;
    }

    async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await daemon.Client.Containers.InspectAsync(name);
            return true;
        }
        catch (WharfApiException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    [RootFact]
    public async Task Run_rm_prints_both_streams_exits_with_the_code_and_removes_the_container()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var name = Name("clirun-rm");
        var run = await cli.RunAsync("run", "--rm", "--name", name, Image, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.True(run.Code == 3, run.Err);
        Assert.Equal("out\n", run.Out);
        Assert.EndsWith("err\n", run.Err, StringComparison.Ordinal);
        Assert.False(await ExistsAsync(name));
    }

    [RootFact]
    public async Task Run_i_sends_piped_stdin_and_ends_with_it()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var run = await cli.RunWithStdinAsync("line one\nline two\n", "run", "-i", "--rm", "--name", Name("clirun-stdin"), Image, "sh", "-c", "cat; echo done >&2; exit 2");
        Assert.True(run.Code == 2, run.Err);
        Assert.Equal("line one\nline two\n", run.Out);
        Assert.EndsWith("done\n", run.Err, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Run_of_a_missing_command_exits_127_with_dockers_message()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var name = Name("clirun-127");
        var run = await cli.RunAsync("run", "--rm", "--name", name, Image, "/no/such/binary");
        Assert.Equal(127, run.Code);
        Assert.Matches("(?s)wharf: Error response from daemon: .*no such file or directory.*\n\nRun 'wharf run --help' for more information\n$", run.Err);
        Assert.Equal("", run.Out);
    }

    [RootFact]
    public async Task Run_of_a_missing_image_tries_the_pull_and_exits_125()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var run = await cli.RunAsync("run", "--rm", "clirun/nosuch");
        Assert.Equal(125, run.Code);
        Assert.StartsWith("Unable to find image 'clirun/nosuch:latest' locally\nwharf: Error response from daemon: ", run.Err, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Run_d_prints_the_id_and_exec_runs_commands_with_their_options_and_codes()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var name = Name("clirun-exec");
        var run = await cli.RunAsync("run", "-d", "--name", name, Image, "sleep", "300");
        Assert.True(run.Code == 0, run.Err);
        Assert.Matches("^[0-9a-f]{64}\n$", run.Out);
        var inspect = await daemon.Client.Containers.InspectAsync(name);
        Assert.Equal(run.Out.TrimEnd(), inspect.Id);
        Assert.True(inspect.State.Running);

        var exec = await cli.RunAsync("exec", name, "sh", "-c", "echo to-out; echo to-err >&2; exit 5");
        Assert.Equal(5, exec.Code);
        Assert.Equal("to-out\n", exec.Out);
        Assert.Equal("to-err\n", exec.Err);

        var options = await cli.RunAsync("exec", "-e", "X=from-e", "-u", "65534", "-w", "/tmp", name, "sh", "-c", "echo $X $(id -u) $(pwd)");
        Assert.True(options.Code == 0, options.Err);
        Assert.Equal("from-e 65534 /tmp\n", options.Out);

        var piped = await cli.RunWithStdinAsync("piped\n", "exec", "-i", name, "cat");
        Assert.Equal((0, "piped\n"), (piped.Code, piped.Out));

        var detached = await cli.RunAsync("exec", "-d", name, "sh", "-c", "echo bg > /tmp/bg");
        Assert.Equal((0, ""), (detached.Code, detached.Out));
        var bg = "";
        for (var i = 0; i < 50 && bg != "bg\n"; i++) bg = (await cli.RunAsync("exec", name, "cat", "/tmp/bg")).Out;
        Assert.Equal("bg\n", bg);

        var missing = await cli.RunAsync("exec", name, "/no/such/binary");
        Assert.True(missing.Code is 126 or 127, $"{missing.Code}: {missing.Err}");
        Assert.Contains("no such file or directory", missing.Out + missing.Err, StringComparison.Ordinal);
        var notInPath = await cli.RunAsync("exec", name, "nosuchcommand");
        Assert.True(notInPath.Code is 126 or 127, $"{notInPath.Code}: {notInPath.Err}");
        var notExecutable = await cli.RunAsync("exec", name, "/etc/passwd");
        Assert.True(notExecutable.Code == 126, $"{notExecutable.Code}: {notExecutable.Err}");

        var noContainer = await cli.RunAsync("exec", "clirun-nosuch", "true");
        Assert.Equal((1, "Error response from daemon: No such container: clirun-nosuch\n"), (noContainer.Code, noContainer.Err));
    }

    [RootFact]
    public async Task Create_prints_the_id_and_start_a_streams_and_exits_with_the_code()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var name = Name("clirun-create");
        var create = await cli.RunAsync("create", "--name", name, "-e", "GREETING=hello", Image, "sh", "-c", "echo $GREETING; echo err >&2; exit 4");
        Assert.True(create.Code == 0, create.Err);
        Assert.Matches("^[0-9a-f]{64}\n$", create.Out);
        Assert.False((await daemon.Client.Containers.InspectAsync(name)).State.Running);

        var start = await cli.RunAsync("start", "-a", name);
        Assert.Equal(4, start.Code);
        Assert.Equal("hello\n", start.Out);
        Assert.EndsWith("err\n", start.Err, StringComparison.Ordinal);

        var plain = await cli.RunAsync("start", name, "clirun-nosuch");
        Assert.Equal(1, plain.Code);
        Assert.Equal($"{name}\n", plain.Out);
        Assert.Equal("Error response from daemon: No such container: clirun-nosuch\nError: failed to start containers: clirun-nosuch\n", plain.Err);
    }

    [RootFact]
    public async Task Attach_follows_a_running_container_to_its_exit_code()
    {
        using var cli = new StreamCliRunner(daemon.SocketPath);
        var name = Name("clirun-attach");
        var run = await cli.RunAsync("run", "-d", "--name", name, Image, "sh", "-c", "sleep 2; echo late-line; exit 6");
        Assert.True(run.Code == 0, run.Err);
        var attach = await cli.RunAsync("attach", name);
        Assert.Equal(6, attach.Code);
        Assert.Equal("late-line\n", attach.Out);

        var stopped = await cli.RunAsync("attach", name);
        Assert.Equal((1, "You cannot attach to a stopped container, start it first\n"), (stopped.Code, stopped.Err));
    }
}
