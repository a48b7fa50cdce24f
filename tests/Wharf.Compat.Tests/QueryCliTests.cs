using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// The read-side verbs with the real CLI against a real wharfd: <c>ps</c> filters and <c>--format</c>, <c>logs -f --tail</c>,
/// <c>inspect -f</c>, <c>rename</c>, <c>diff</c> and <c>container prune</c>.
/// </summary>
public sealed partial class QueryCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-query-busybox:v1";
    const string OtherImage = "cli-query-other:v2";
    readonly CliContainers _c = new(daemon);

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        await _c.ImportAsync(Image);
        // A second image with its own id, for the ancestor filter (a tag of the same id would match both).
        if ((await _c.RunAsync("image", "inspect", OtherImage)).ExitCode != 0)
            Cli.Ok(await _c.RunAsync("import", "-c", "CMD [\"sh\"]", "-c", "ENV OTHER=1", await BusyboxRootfs.GetAsync(), OtherImage));
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [CompatFact]
    public async Task Ps_filters_by_name_label_status_ancestor_and_exit_code()
    {
        var web = _c.Name("q-web");
        var db = _c.Name("q-db");
        var failed = _c.Name("q-failed");
        var created = _c.Name("q-created");
        var other = _c.Name("q-other");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", web, "--label", "tier=web", "--label", "team=a", Image, "sleep", "300"));
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", db, "--label", "tier=db", Image, "sleep", "300"));
        Assert.Equal(3, (await _c.RunAsync("run", "--name", failed, "--label", "tier=web", Image, "sh", "-c", "exit 3")).ExitCode);
        Cli.Succeeds(await _c.RunAsync("create", "--name", created, Image, "true"));
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", other, OtherImage, "sleep", "300"));

        async Task<string> Ps(params string[] filters)
        {
            // Filters on one key are OR-ed: a test's own name filter replaces the one that scopes to this test.
            var args = new List<string> { "ps", "-a", "--format", "{{.Names}}" };
            if (!filters.Any(f => f.StartsWith("name=", StringComparison.Ordinal))) args.AddRange(["--filter", "name=q-"]);
            foreach (var f in filters) args.AddRange(["--filter", f]);
            return string.Join(' ', Cli.Lines(Cli.Ok(await _c.RunAsync([.. args]))).Order(StringComparer.Ordinal));
        }

        Assert.Equal("q-created q-db q-failed q-other q-web", await Ps());
        Assert.Equal("q-web", await Ps("name=q-web"));
        Assert.Equal("q-db q-web", await Ps("name=q-web", "name=q-db"));
        Assert.Equal("q-failed q-web", await Ps("label=tier=web"));
        Assert.Equal("q-web", await Ps("label=tier=web", "label=team"));
        Assert.Equal("q-db q-other q-web", await Ps("status=running"));
        Assert.Equal("q-failed", await Ps("status=exited"));
        Assert.Equal("q-created", await Ps("status=created"));
        Assert.Equal("q-created q-failed", await Ps("status=created", "status=exited"));
        Assert.Equal("q-failed", await Ps("exited=3"));
        Assert.Equal("", await Ps("exited=0"));
        Assert.Equal("q-other", await Ps($"ancestor={OtherImage}"));
        Assert.Equal("q-created q-db q-failed q-web", await Ps($"ancestor={Image}"));

        // Without -a only running ones; a filter on status=exited needs no -a.
        Assert.Equal("q-db q-other q-web", string.Join(' ', Cli.Lines(Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", "name=q-"))).Order(StringComparer.Ordinal)));
        Assert.Equal("q-failed\n", Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", "name=q-", "--filter", "status=exited")));

        var bad = await _c.RunAsync("ps", "--filter", "status=sleeping");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("Invalid filter 'status=sleeping'", bad.Stderr);
    }

    [CompatFact]
    public async Task Ps_format_as_a_table_and_as_plain_text()
    {
        var name = _c.Name("q-format");
        var id = Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--label", "tier=web", Image, "sleep", "300")).TrimEnd('\n');

        var table = Cli.Lines(Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "table {{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Command}}")));
        Assert.Equal(2, table.Length);
        Assert.Equal(["CONTAINER ID", "NAMES", "IMAGE", "COMMAND"], Columns().Split(table[0]));
        Assert.Equal([id[..12], name, Image, "\"sleep 300\""], Columns().Split(table[1]));

        var plain = Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--no-trunc",
            "--format", "{{.ID}} {{.Names}} {{.Label \"tier\"}} {{.Labels}} {{.State}} {{.Command}}"));
        Assert.Equal($"{id} {name} web tier=web running \"sleep 300\"\n", plain);

        var json = Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}", "--format", "{{json .}}"));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(name, doc.RootElement.GetProperty("Names").GetString());
        Assert.Equal("running", doc.RootElement.GetProperty("State").GetString());
        Assert.StartsWith("Up ", doc.RootElement.GetProperty("Status").GetString(), StringComparison.Ordinal);

        var header = Cli.Lines(Cli.Ok(await _c.RunAsync("ps", "--filter", $"name={name}")))[0];
        Assert.Equal(["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"], Columns().Split(header.TrimEnd()));
        Assert.Equal([id[..12]], Cli.Lines(Cli.Ok(await _c.RunAsync("ps", "-q", "--filter", $"name={name}"))));
        Assert.Equal([id], Cli.Lines(Cli.Ok(await _c.RunAsync("ps", "-q", "--no-trunc", "--filter", $"name={name}"))));
    }

    [CompatFact]
    public async Task Logs_f_with_tail_starts_at_the_last_lines_and_follows_until_exit()
    {
        var name = _c.Name("q-logs-follow");
        Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, Image, "sh", "-c",
            "for i in 1 2 3 4 5; do echo line$i; done; while [ ! -e /go ]; do sleep 0.1; done; echo after; echo to-stderr >&2"));
        await CliContainers.WaitForAsync(async () => (await _c.RunAsync("logs", name)).Stdout.EndsWith("line5\n", StringComparison.Ordinal),
            "the first five lines never reached the log");

        await using var follow = StreamingCli.Start(_c.Docker, "logs", "-f", "--tail", "2", name);
        Assert.Equal("line4", await follow.ReadLineAsync());
        Assert.Equal("line5", await follow.ReadLineAsync());
        Cli.Ok(await _c.RunAsync("exec", name, "touch", "/go"));
        Assert.Equal("after", await follow.ReadLineAsync());
        Assert.Null(await follow.ReadLineAsync());
        var (exit, stderr) = await follow.WaitAsync();
        Assert.Equal(0, exit);
        Assert.Equal("to-stderr\n", stderr);

        var lastTwo = await _c.RunAsync("logs", "--tail", "2", name);
        Assert.Equal(("after\n", "to-stderr\n"), (Cli.Succeeds(lastTwo), lastTwo.Stderr));
        Assert.Equal("", Cli.Ok(await _c.RunAsync("logs", "--tail", "0", name)));
    }

    [CompatFact]
    public async Task Inspect_f_reads_config_state_and_host_config_fields()
    {
        var name = _c.Name("q-inspect");
        var id = Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", name, "--hostname", "qhost", "-w", "/tmp", "-e", "FOO=bar",
            "--label", "a=b", "--restart", "on-failure:3", "--memory", "64m", Image, "sleep", "300")).TrimEnd('\n');

        Assert.Equal($"{id}|/{name}|{Image}|qhost|/tmp|b|true|on-failure|3|67108864|sleep|[\"300\"]|[\"sleep\",\"300\"]",
            await _c.InspectAsync(name, "{{.Id}}|{{.Name}}|{{.Config.Image}}|{{.Config.Hostname}}|{{.Config.WorkingDir}}|{{index .Config.Labels \"a\"}}|" +
                                        "{{.State.Running}}|{{.HostConfig.RestartPolicy.Name}}|{{.HostConfig.RestartPolicy.MaximumRetryCount}}|" +
                                        "{{.HostConfig.Memory}}|{{.Path}}|{{json .Args}}|{{json .Config.Cmd}}"));
        var env = JsonSerializer.Deserialize<string[]>(await _c.InspectAsync(name, "{{json .Config.Env}}"));
        Assert.Contains("FOO=bar", env ?? []);

        var pid = await _c.InspectAsync(name, "{{.State.Pid}}");
        Assert.Equal("sleep\n", await File.ReadAllTextAsync($"/proc/{pid}/comm"));
        Assert.Matches("^sha256:[0-9a-f]{64}$", await _c.InspectAsync(name, "{{.Image}}"));
        Assert.True(DateTimeOffset.TryParse(await _c.InspectAsync(name, "{{.State.StartedAt}}"), out _));
        Assert.Equal($"{id}\n{id}\n", Cli.Ok(await _c.RunAsync("inspect", "-f", "{{.Id}}", name, id[..12])));

        // container inspect: a plain inspect of a missing name also asks for networks, which come with issue 5.
        var missing = await _c.RunAsync("container", "inspect", "-f", "{{.Id}}", name, "q-no-such");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"{id}\n", missing.Stdout);
        Assert.Contains("No such container: q-no-such", missing.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [CompatFact]
    public async Task Rename_changes_the_name_and_refuses_one_in_use()
    {
        var before = _c.Name("q-rename-a");
        var after = _c.Name("q-rename-b");
        var taken = _c.Name("q-rename-taken");
        var id = Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", before, Image, "sleep", "300")).TrimEnd('\n');
        var takenId = Cli.Succeeds(await _c.RunAsync("create", "--name", taken, Image, "true")).TrimEnd('\n');

        Assert.Equal("", Cli.Ok(await _c.RunAsync("rename", before, after)));

        Assert.Equal($"/{after} {id}", await _c.InspectAsync(after, "{{.Name}} {{.Id}}"));
        Assert.NotEqual(0, (await _c.RunAsync("container", "inspect", before)).ExitCode);
        Assert.Equal($"{after}\n", Cli.Ok(await _c.RunAsync("ps", "--format", "{{.Names}}", "--filter", $"id={id}")));
        Assert.Equal("renamed\n", Cli.Ok(await _c.RunAsync("exec", after, "echo", "renamed")));

        var conflict = await _c.RunAsync("rename", after, taken);
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains($"The container name \"/{taken}\" is already in use by container \"{takenId}\"", conflict.Stderr);
        Assert.Equal($"/{after}", await _c.InspectAsync(id, "{{.Name}}"));
    }

    [CompatFact]
    public async Task Diff_lists_added_changed_and_deleted_paths()
    {
        var name = _c.Name("q-diff");
        Assert.Equal(0, (await _c.RunAsync("run", "--name", name, Image, "sh", "-c",
            "mkdir /newdir && echo x > /newdir/f && echo extra >> /etc/passwd && rm /bin/ls")).ExitCode);

        var diff = Cli.Lines(Cli.Ok(await _c.RunAsync("diff", name)));

        // dockerd lists in the order it walks the upper directory, so only the set is specified.
        Assert.Equal(["A /newdir", "A /newdir/f", "C /bin", "C /etc", "C /etc/passwd", "D /bin/ls"], diff.Order(StringComparer.Ordinal));
    }

    [CompatFact]
    public async Task Container_prune_removes_only_stopped_containers()
    {
        var exited = _c.Name("q-prune-exited");
        var created = _c.Name("q-prune-created");
        var running = _c.Name("q-prune-running");
        Assert.Equal(0, (await _c.RunAsync("run", "--name", exited, Image, "sh", "-c", "echo data > /big")).ExitCode);
        var exitedId = await _c.InspectAsync(exited, "{{.Id}}");
        var createdId = Cli.Succeeds(await _c.RunAsync("create", "--name", created, Image, "true")).TrimEnd('\n');
        var runningId = Cli.Succeeds(await _c.RunAsync("run", "-d", "--name", running, Image, "sleep", "300")).TrimEnd('\n');

        var prune = Cli.Lines(Cli.Ok(await _c.RunAsync("container", "prune", "-f")));

        Assert.Equal("Deleted Containers:", prune[0]);
        Assert.Equal(new[] { createdId, exitedId }.Order(StringComparer.Ordinal), prune[1..^1].Order(StringComparer.Ordinal));
        Assert.DoesNotContain(runningId, prune);
        Assert.Matches(@"^Total reclaimed space: \d+(\.\d+)?[kMG]?B$", prune[^1]);
        Assert.Equal($"{running}\n", Cli.Ok(await _c.RunAsync("ps", "-a", "--format", "{{.Names}}", "--filter", "name=q-prune-")));

        var again = Cli.Ok(await _c.RunAsync("container", "prune", "-f"));
        Assert.Equal("Total reclaimed space: 0B\n", again);
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();
}
