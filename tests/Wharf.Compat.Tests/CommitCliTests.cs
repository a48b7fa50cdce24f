using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests;

/// <summary>
/// <c>docker commit</c> with the real CLI against a real wharfd: the new image runs with the changed config, holds what the
/// container wrote and not what it deleted, and shows author and comment in inspect and history. Every test removes its
/// containers and images.
/// </summary>
public sealed class CommitCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    const string Image = "cli-commit-busybox:v1";
    readonly CliContainers _cli = new(daemon);
    readonly List<string> _containers = [];
    readonly List<string> _images = [];

    public async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess) await _cli.ImportAsync(Image);
    }

    public async Task DisposeAsync()
    {
        // Containers first, then the committed images (children) before the image they were made from.
        foreach (var c in _containers) await _cli.RunAsync("rm", "-f", c);
        foreach (var image in Enumerable.Reverse(_images)) await _cli.RunAsync("rmi", "-f", image);
        if (Environment.IsPrivilegedProcess) await _cli.RunAsync("rmi", "-f", Image);
        await _cli.DisposeAsync();
    }

    string Container(string name)
    {
        _containers.Add(name);
        return _cli.Name(name);
    }

    string NewImage(string reference)
    {
        _images.Add(reference);
        return reference;
    }

    [CompatFact]
    public async Task Commit_with_changes_author_and_message_keeps_written_files_and_deletions()
    {
        var c = Container("cli-commit-src");
        var image = NewImage("cli-commit-img:v1");
        Cli.Ok(await _cli.RunAsync("run", "--network", "none", "--name", c, Image,
            "sh", "-c", "mkdir -p /data && echo written-by-ctr > /data/f && rm /etc/group"));

        var id = Cli.Ok(await _cli.RunAsync("commit", "-c", "CMD [\"cat\",\"/data/f\"]", "-a", "me", "-m", "msg", c, image)).Trim();

        Assert.StartsWith("sha256:", id, StringComparison.Ordinal);
        Assert.Equal(id, Cli.Ok(await _cli.RunAsync("image", "inspect", "-f", "{{.Id}}", image)).Trim());
        Assert.Equal("written-by-ctr\n", Cli.Ok(await _cli.RunAsync("run", "--rm", "--network", "none", image)));
        Assert.Equal("gone\n", Cli.Ok(await _cli.RunAsync("run", "--rm", "--network", "none", image,
            "sh", "-c", "test -e /etc/group && echo present || echo gone")));
        Assert.Equal("me|msg|[cat /data/f]", Cli.Ok(await _cli.RunAsync("image", "inspect", "-f", "{{.Author}}|{{.Comment}}|{{.Config.Cmd}}", image)).Trim());
        var history = Cli.Ok(await _cli.RunAsync("history", "--no-trunc", "--format", "{{.ID}}|{{.Comment}}", image)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{id}|msg", history[0]);
        Assert.Equal(2, history.Length);
        var parent = Cli.Ok(await _cli.RunAsync("image", "inspect", "-f", "{{.Id}}", Image)).Trim();
        Assert.Equal(parent, Cli.Ok(await _cli.RunAsync("image", "inspect", "-f", "{{.Parent}}", image)).Trim());
    }

    [CompatFact]
    public async Task Commit_of_a_running_container_pauses_it_only_while_reading_and_bad_changes_are_refused()
    {
        var c = Container("cli-commit-live");
        var image = NewImage("cli-commit-live:v1");
        Cli.Ok(await _cli.RunAsync("run", "-d", "--network", "none", "--name", c, Image, "sh", "-c", "echo live > /live && exec sleep 300"));
        await CliContainers.WaitForAsync(async () => (await _cli.RunAsync("exec", c, "cat", "/live")).ExitCode == 0, "/live written");

        Cli.Ok(await _cli.RunAsync("commit", c, image));

        Assert.Equal("running", await _cli.InspectAsync(c, "{{.State.Status}}"));
        Assert.Equal("live\n", Cli.Ok(await _cli.RunAsync("run", "--rm", "--network", "none", image, "cat", "/live")));
        // The container's own config is kept when no change is given.
        Assert.Equal("[sh -c echo live > /live && exec sleep 300]", Cli.Ok(await _cli.RunAsync("image", "inspect", "-f", "{{.Config.Cmd}}", image)).Trim());

        var bad = await _cli.RunAsync("commit", "-c", "RUN true", c, "cli-commit-bad:v1");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("run is not a valid change command", bad.Stderr, StringComparison.Ordinal);
        var missing = await _cli.RunAsync("commit", "cli-commit-no-such-container");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such container: cli-commit-no-such-container", missing.Stderr, StringComparison.Ordinal);
    }
}
