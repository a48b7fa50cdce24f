using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// <c>docker volume create|ls|inspect|rm|prune</c>, <c>run -v</c>, <c>run --rm -v /path</c> and <c>rm -v</c> with the real CLI
/// against a real wharfd. Every test names its containers and volumes and removes them, even when it fails.
/// </summary>
public sealed class VolumesCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-volumes-busybox:v1";
    readonly DockerCli _docker = new(daemon.SocketPath);
    readonly List<string> _containers = [];
    readonly List<string> _volumes = [];

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess) return;
        Cli.Ok(await _docker.RunAsync("import", "-c", "CMD [\"sh\"]", await BusyboxRootfs.GetAsync(), Image));
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _containers) await _docker.RunAsync("rm", "-f", "-v", name);
        foreach (var name in _volumes) await _docker.RunAsync("volume", "rm", "-f", name);
        _docker.Dispose();
    }

    string Container(string name)
    {
        _containers.Add(name);
        return name;
    }

    string Volume(string name)
    {
        _volumes.Add(name);
        return name;
    }

    async Task<HashSet<string>> VolumeNamesAsync() => [.. Cli.Lines(Cli.Ok(await _docker.RunAsync("volume", "ls", "-q")))];

    [CompatFact]
    public async Task Create_ls_inspect_rm()
    {
        var name = Volume("cli-vol-basic");
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("volume", "create", "--label", "cli=basic", name)));
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("volume", "create", "--label", "cli=basic", name)));
        Assert.Equal($"local {name}\n", Cli.Ok(await _docker.RunAsync("volume", "ls", "--filter", "label=cli=basic", "--format", "{{.Driver}} {{.Name}}")));
        var inspect = Cli.Ok(await _docker.RunAsync("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Mountpoint}}", name));
        Assert.Equal($"{name} local local map[cli:basic] {daemon.DataRoot}/volumes/{name}/_data\n", inspect);
        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("volume", "rm", name)));
        var again = await _docker.RunAsync("volume", "rm", name);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"get {name}: no such volume", again.Stderr, StringComparison.Ordinal);
        var bad = await _docker.RunAsync("volume", "create", "-d", "nfs", Volume("cli-vol-nfs"));
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("plugin \"nfs\" not found", bad.Stderr, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task Prune_removes_unused_volumes_matching_the_filter()
    {
        var pruned = Volume("cli-vol-prune");
        var kept = Volume("cli-vol-keep");
        Cli.Ok(await _docker.RunAsync("volume", "create", "--label", "cli=prune", pruned));
        Cli.Ok(await _docker.RunAsync("volume", "create", kept));
        var prune = Cli.Ok(await _docker.RunAsync("volume", "prune", "-f", "--filter", "label=cli=prune"));
        Assert.Equal($"Deleted Volumes:\n{pruned}\n\nTotal reclaimed space: 0B\n", prune);
        var names = await VolumeNamesAsync();
        Assert.DoesNotContain(pruned, names);
        Assert.Contains(kept, names);
    }

    [CompatFact]
    public async Task Run_v_name_keeps_data_and_a_used_volume_cannot_be_removed()
    {
        var volume = Volume("cli-vol-data");
        Assert.Equal("", Cli.Succeeds(await _docker.RunAsync("run", "--rm", "-v", $"{volume}:/data", Image, "sh", "-c", "echo hi > /data/f")));
        Assert.Equal("hi\n", Cli.Succeeds(await _docker.RunAsync("run", "--rm", "-v", $"{volume}:/data:ro", Image, "cat", "/data/f")));

        var user = Container("cli-vol-user");
        var id = Cli.Succeeds(await _docker.RunAsync("run", "-d", "--name", user, "-v", $"{volume}:/data", Image, "sleep", "300")).TrimEnd('\n');
        var mounts = Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.Driver}} {{.RW}}{{end}}", user));
        Assert.Equal($"volume {volume} /data local true\n", mounts);
        var inUse = await _docker.RunAsync("volume", "rm", volume);
        Assert.True(inUse.ExitCode == 1, inUse.ToString());
        Assert.Contains($"remove {volume}: volume is in use - [{id}]", inUse.Stderr, StringComparison.Ordinal);
        Cli.Ok(await _docker.RunAsync("rm", "-f", user));
        Assert.Equal($"{volume}\n", Cli.Ok(await _docker.RunAsync("volume", "rm", volume)));
    }

    [CompatFact]
    public async Task Run_rm_with_an_anonymous_volume_leaves_no_volume()
    {
        var before = await VolumeNamesAsync();
        Assert.Equal("x\n", Cli.Succeeds(await _docker.RunAsync("run", "--rm", "-v", "/data", Image, "sh", "-c", "echo x > /data/f; cat /data/f")));
        Assert.Equal(before, await VolumeNamesAsync());
    }

    [CompatFact]
    public async Task Rm_v_removes_the_anonymous_volume_of_a_container()
    {
        var name = Container("cli-vol-rmv");
        Cli.Succeeds(await _docker.RunAsync("create", "--name", name, "-v", "/anon", Image, "true"));
        var anonymous = Cli.Ok(await _docker.RunAsync("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", name)).TrimEnd('\n');
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        Assert.Contains(anonymous, await VolumeNamesAsync());
        Cli.Ok(await _docker.RunAsync("rm", "-v", name));
        Assert.DoesNotContain(anonymous, await VolumeNamesAsync());
    }

    [CompatFact]
    public async Task Volumes_from_and_mount_type_volume_with_nocopy()
    {
        var volume = Volume("cli-vol-from");
        var source = Container("cli-vol-source");
        Cli.Succeeds(await _docker.RunAsync("create", "--name", source, "-v", $"{volume}:/shared", Image, "true"));
        Assert.Equal("", Cli.Succeeds(await _docker.RunAsync("run", "--rm", "--volumes-from", source, Image, "sh", "-c", "echo from > /shared/f")));
        var ro = await _docker.RunAsync("run", "--rm", "--volumes-from", $"{source}:ro", Image, "sh", "-c", "cat /shared/f; touch /shared/g");
        Assert.True(ro.ExitCode == 1, ro.ToString());
        Assert.Equal("from\n", ro.Stdout);
        Assert.Contains("Read-only file system", ro.Stderr, StringComparison.Ordinal);

        var nocopy = Volume("cli-vol-nocopy");
        var run = await _docker.RunAsync("run", "--rm", "--mount", $"type=volume,src={nocopy},dst=/etc,volume-nocopy", Image, "sh", "-c", "test -e /etc/passwd && echo copied || echo empty");
        Assert.Equal("empty\n", Cli.Succeeds(run));
        var copy = Volume("cli-vol-copy");
        run = await _docker.RunAsync("run", "--rm", "--mount", $"type=volume,src={copy},dst=/etc", Image, "head", "-c", "5", "/etc/passwd");
        Assert.Equal("root:", Cli.Succeeds(run));
    }

    [CompatFact]
    public async Task System_df_counts_volume_sizes_and_links()
    {
        var volume = Volume("cli-vol-df");
        Cli.Succeeds(await _docker.RunAsync("run", "--rm", "-v", $"{volume}:/d", Image, "sh", "-c", "printf 12345 > /d/f"));
        var df = Cli.Ok(await _docker.RunAsync("system", "df", "-v"));
        Assert.Matches(@"\ncli-vol-df\s+0\s+5B\n", df);
    }

    [CompatFact]
    public async Task Events_report_volume_create_mount_unmount_and_destroy()
    {
        var volume = Volume("cli-vol-events");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        Cli.Succeeds(await _docker.RunAsync("run", "--rm", "-v", $"{volume}:/d:ro", Image, "true"));
        Cli.Ok(await _docker.RunAsync("volume", "rm", volume));
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();
        var lines = Cli.Lines(Cli.Ok(await _docker.RunAsync("events",
            "--since", since.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--until", until.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--filter", "type=volume", "--filter", $"volume={volume}",
            "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{index .Actor.Attributes \"driver\"}} {{index .Actor.Attributes \"read/write\"}}")));
        Assert.Equal(
            [$"volume create {volume} local ", $"volume mount {volume} local false", $"volume unmount {volume} local ", $"volume destroy {volume} local "],
            lines);
    }
}
