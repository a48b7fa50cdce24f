using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>What survives a graceful restart of wharfd: the images with their names and configs, and recent events.</summary>
public sealed class RestartTests
{
    [RootFact]
    public async Task Images_survive_a_restart()
    {
        await using var daemon = new WharfdFixture();
        await daemon.StartAsync();
        using var temp = new TempDir();
        var imported = await Busybox.ImportAsync(daemon.Client, "keep", "1", "CMD [\"sh\"]", "ENV KEEP=1");
        await daemon.Client.Images.TagAsync(imported, "keep", "2");
        var archive = temp.File("hand.tar");
        var loaded = await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync()], ["hand:1"]);
        await Busybox.LoadAsync(daemon.Client, archive);
        var before = Describe(await daemon.Client.Images.ListAsync(all: true));

        await daemon.RestartAsync();

        Assert.Equal(0, daemon.LastExitCode);
        Assert.Equal(before, Describe(await daemon.Client.Images.ListAsync(all: true)));
        var image = await daemon.Client.Images.InspectAsync("keep:2");
        Assert.Equal(imported, image.Id);
        Assert.Contains("KEEP=1", image.Config?.Env ?? []);
        Assert.Equal(loaded.ImageId, (await daemon.Client.Images.InspectAsync("hand:1")).Id);
        Assert.Equal(loaded.DiffIds, (await daemon.Client.Images.InspectAsync("hand:1")).RootFS.Layers);
    }

    [RootFact]
    public async Task Events_since_and_until_reach_back_across_a_restart()
    {
        await using var daemon = new WharfdFixture();
        await daemon.StartAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await Busybox.ImportAsync(daemon.Client, "ev", "1", "CMD [\"sh\"]");
        await daemon.Client.Images.TagAsync(id, "ev", "before");
        var beforeRestart = DateTimeOffset.UtcNow;

        await daemon.RestartAsync();
        await daemon.Client.Images.TagAsync(id, "ev", "after");
        var until = DateTimeOffset.UtcNow.AddSeconds(1);

        var all = await Events.CollectAsync(daemon.Client, since, until);
        Assert.Contains(all, e => e.Type == "image" && e.Action == "import" && e.Actor.ID == id);
        Assert.Contains(all, e => e.Action == "tag" && e.Actor.Attributes.GetValueOrDefault("name") == "ev:before");
        Assert.Contains(all, e => e.Action == "tag" && e.Actor.Attributes.GetValueOrDefault("name") == "ev:after");
        Assert.Equal(all.OrderBy(e => e.TimeNano).Select(e => e.TimeNano), all.Select(e => e.TimeNano));

        var early = await Events.CollectAsync(daemon.Client, since, beforeRestart);
        Assert.Contains(early, e => e.Action == "tag" && e.Actor.Attributes.GetValueOrDefault("name") == "ev:before");
        Assert.DoesNotContain(early, e => e.Actor.Attributes.GetValueOrDefault("name") == "ev:after");

        var late = await Events.CollectAsync(daemon.Client, beforeRestart, until);
        Assert.DoesNotContain(late, e => e.Actor.Attributes.GetValueOrDefault("name") == "ev:before");
        Assert.Contains(late, e => e.Action == "tag" && e.Actor.Attributes.GetValueOrDefault("name") == "ev:after");
    }

    static List<string> Describe(IEnumerable<Wharf.Api.Images.ImageSummary> images)
        => [.. images.Select(i => $"{i.Id} {string.Join(',', (i.RepoTags ?? []).Order(StringComparer.Ordinal))}").Order(StringComparer.Ordinal)];
}
