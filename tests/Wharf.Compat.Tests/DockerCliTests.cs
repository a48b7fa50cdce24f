using System.Globalization;
using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>What users type: the real docker CLI against one real wharfd, with exit codes, stdout and stderr checked.</summary>
public sealed class DockerCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IDisposable
{
    readonly DockerCli _docker = new(daemon.SocketPath);

    public void Dispose() => _docker.Dispose();

    [CompatFact]
    public async Task Version_reports_api_1_41()
    {
        Assert.Equal("1.41\n", Cli.Ok(await _docker.RunAsync("version", "--format", "{{.Server.APIVersion}}")));
        var text = Cli.Ok(await _docker.RunAsync("version"));
        Assert.Contains("Server:", text);
        Assert.Contains("1.41 (minimum version 1.24)", text);
    }

    [CompatFact]
    public async Task Info_reports_the_storage_driver_and_root_dir()
    {
        Assert.Equal($"overlay2 {daemon.DataRoot}\n", Cli.Succeeds(await _docker.RunAsync("info", "--format", "{{.Driver}} {{.DockerRootDir}}")));
        var text = Cli.Succeeds(await _docker.RunAsync("info"));
        Assert.Contains("Storage Driver: overlay2", text);
        Assert.Contains($"Docker Root Dir: {daemon.DataRoot}", text);
    }

    [CompatFact]
    public async Task Import_with_a_change_prints_the_id_and_sets_the_config()
    {
        var id = await ImportAsync("cli-import:v1", "CMD [\"sh\"]", "ENV A=b");

        Assert.Equal("[\"sh\"]\n", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{json .Config.Cmd}}", "cli-import:v1")));
        Assert.Equal($"{id}\n", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{.Id}}", "cli-import:v1")));
        Assert.Contains("A=b", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{json .Config.Env}}", "cli-import:v1")));
    }

    [CompatFact]
    public async Task Images_lists_with_format_quiet_and_filter()
    {
        var id = await ImportAsync("cli-images:v1", "CMD [\"sh\"]");
        var shortId = id["sha256:".Length..][..12];

        var table = Cli.Ok(await _docker.RunAsync("images"));
        Assert.Matches(@"^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n", table);
        Assert.Matches($@"\ncli-images\s+v1\s+{shortId}\s", table);

        Assert.Contains($"cli-images:v1 {shortId}", Cli.Lines(Cli.Ok(await _docker.RunAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"))));
        Assert.Equal($"{shortId}\n", Cli.Ok(await _docker.RunAsync("images", "-q", "cli-images")));
        Assert.Equal("cli-images:v1\n", Cli.Ok(await _docker.RunAsync("images", "--filter", "reference=cli-images", "--format", "{{.Repository}}:{{.Tag}}")));
        Assert.Equal("", Cli.Ok(await _docker.RunAsync("images", "--filter", "reference=cli-nothing-like-this", "-q")));
    }

    [CompatFact]
    public async Task Inspect_and_rmi_of_a_missing_image_fail_like_dockerd()
    {
        var inspect = await _docker.RunAsync("image", "inspect", "cli-nosuch");
        Assert.Equal(1, inspect.ExitCode);
        Assert.Equal("Error response from daemon: no such image: cli-nosuch: No such image: cli-nosuch:latest\n", inspect.Stderr);

        Cli.Fails(await _docker.RunAsync("rmi", "cli-nosuch:latest"), "Error response from daemon: No such image: cli-nosuch:latest\n");
    }

    [CompatFact]
    public async Task Tag_and_history()
    {
        var id = await ImportAsync("cli-tag:v1", "CMD [\"sh\"]");

        Assert.Equal("", Cli.Ok(await _docker.RunAsync("tag", "cli-tag:v1", "cli-tag2:x")));

        Assert.Equal($"{id}\n", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{.Id}}", "cli-tag2:x")));
        var history = Cli.Lines(Cli.Ok(await _docker.RunAsync("history", "--no-trunc", "--format", "{{.ID}}", "cli-tag2:x")));
        Assert.Equal(id, history[0]);
        Assert.Matches(@"^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT\n", Cli.Ok(await _docker.RunAsync("history", "cli-tag:v1")));
    }

    [CompatFact]
    public async Task Save_rmi_load_round_trip()
    {
        using var temp = new TempFile("save.tar");
        var id = await ImportAsync("cli-save:v1", "CMD [\"sh\"]");

        Assert.Equal("", Cli.Ok(await _docker.RunAsync("save", "-o", temp.Path, "cli-save:v1")));
        Assert.True(new FileInfo(temp.Path).Length > 1_000_000, "the saved archive is smaller than busybox");
        var rmi = Cli.Lines(Cli.Ok(await _docker.RunAsync("rmi", "cli-save:v1")));
        Assert.Equal("Untagged: cli-save:v1", rmi[0]);
        Assert.Contains($"Deleted: {id}", rmi);

        Assert.Equal("Loaded image: cli-save:v1\n", Cli.Ok(await _docker.RunAsync("load", "-i", temp.Path)));
        Assert.Equal($"{id}\n", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{.Id}}", "cli-save:v1")));

        // Streamed both ways through a pipe: save's chunked download feeds load's chunked upload.
        Assert.Equal("Loaded image: cli-save:v1\n", Cli.Ok(await _docker.ShellAsync("docker save cli-save:v1 | docker load")));
    }

    [CompatFact]
    public async Task Load_reads_a_hand_built_archive_from_stdin()
    {
        using var temp = new TempFile("hand.tar");
        var built = await DockerArchive.WriteAsync(temp.Path, [await BusyboxRootfs.GetAsync()], ["cli-hand:v1"]);

        Assert.Equal("Loaded image: cli-hand:v1\n", Cli.Ok(await _docker.RunWithStdinAsync(temp.Path, "load")));
        Assert.Equal($"{built.ImageId}\n", Cli.Ok(await _docker.RunAsync("image", "inspect", "--format", "{{.Id}}", "cli-hand:v1")));
    }

    [CompatFact]
    public async Task Rmi_untags_then_deletes()
    {
        var id = await ImportAsync("cli-rmi:a", "CMD [\"sh\"]");
        Cli.Ok(await _docker.RunAsync("tag", "cli-rmi:a", "cli-rmi:b"));

        Assert.Equal("Untagged: cli-rmi:a\n", Cli.Ok(await _docker.RunAsync("rmi", "cli-rmi:a")));
        var second = Cli.Lines(Cli.Ok(await _docker.RunAsync("rmi", "cli-rmi:b")));
        Assert.Equal("Untagged: cli-rmi:b", second[0]);
        Assert.Contains($"Deleted: {id}", second);
        Assert.Equal("", Cli.Ok(await _docker.RunAsync("images", "-q", "cli-rmi")));
    }

    [CompatFact]
    public async Task System_df_counts_images()
    {
        await ImportAsync("cli-df:v1", "CMD [\"sh\"]");
        var count = Cli.Lines(Cli.Ok(await _docker.RunAsync("images", "-aq", "--no-trunc"))).Distinct().Count();

        Assert.Matches(@"^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE\nImages\s+", Cli.Ok(await _docker.RunAsync("system", "df")));
        var images = Cli.Lines(Cli.Ok(await _docker.RunAsync("system", "df", "--format", "{{.Type}} {{.TotalCount}}")))[0];
        Assert.Equal($"Images {count}", images);
    }

    [CompatFact]
    public async Task Events_since_until_replays_image_events()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        var id = await ImportAsync("cli-ev:v1", "CMD [\"sh\"]");
        Cli.Ok(await _docker.RunAsync("tag", "cli-ev:v1", "cli-ev:v2"));
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();

        var lines = Cli.Lines(Cli.Ok(await _docker.RunAsync("events",
            "--since", since.ToString(CultureInfo.InvariantCulture), "--until", until.ToString(CultureInfo.InvariantCulture),
            "--filter", "type=image", "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{index .Actor.Attributes \"name\"}}")));

        Assert.Contains($"image tag {id} cli-ev:v2", lines);
        Assert.All(lines, l => Assert.StartsWith("image ", l));
    }

    [CompatFact]
    public async Task Image_prune_deletes_dangling_images()
    {
        var id = await ImportAsync(null, "CMD [\"true\"]");
        var shortId = id["sha256:".Length..][..12];
        Assert.Contains(shortId, Cli.Lines(Cli.Ok(await _docker.RunAsync("images", "-q", "--filter", "dangling=true"))));

        var pruned = Cli.Ok(await _docker.RunAsync("image", "prune", "-f"));

        Assert.StartsWith("Deleted Images:\n", pruned);
        Assert.Contains($"deleted: {id}", Cli.Lines(pruned));
        Assert.Contains("Total reclaimed space:", pruned);
        Assert.DoesNotContain(shortId, Cli.Lines(Cli.Ok(await _docker.RunAsync("images", "-aq"))));
    }

    [CompatFact]
    public async Task Commands_not_served_yet_say_so()
    {
        // Plugins are still in the 501 table.
        var ps = await _docker.RunAsync("plugin", "ls");

        Assert.Equal(1, ps.ExitCode);
        Assert.Equal("", ps.Stdout);
        Assert.StartsWith("Error response from daemon: ", ps.Stderr);
        Assert.Contains("not implemented", ps.Stderr);

        // A network that does not exist is refused at create, before anything runs.
        var run = await _docker.RunAsync("run", "--rm", "--network", "some-network", "busybox-compat:never", "true");
        Assert.Equal(125, run.ExitCode);
    }

    /// <summary><c>docker import</c> of the busybox rootfs; a null reference makes a dangling image.</summary>
    async Task<string> ImportAsync(string? reference, params string[] changes)
    {
        var args = new List<string> { "import" };
        foreach (var c in changes) args.AddRange(["-c", c]);
        args.Add(await BusyboxRootfs.GetAsync());
        if (reference is not null) args.Add(reference);
        var stdout = Cli.Ok(await _docker.RunAsync([.. args]));
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", stdout);
        return stdout.TrimEnd('\n');
    }
}
