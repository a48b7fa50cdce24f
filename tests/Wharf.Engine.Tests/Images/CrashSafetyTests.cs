using Wharf.Engine.Images;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class CrashSafetyTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_failure_inside_the_commit_leaves_the_database_as_before()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        await h.LoadAsync(DockerArchive([(Config([l1]), ["keep:1"], [l1])]));
        var l2 = Layer("b", "two");
        var config = Config([l2]);
        h.Service.Metadata.FaultHook = step => { if (step == "tags") throw new IOException("disk full"); };
        await Assert.ThrowsAsync<IOException>(() => h.LoadAsync(DockerArchive([(config, ["keep:1", "new:1"], [l2])])));
        h.Service.Metadata.FaultHook = null;
        var only = Assert.Single(await h.ListAsync(all: true));
        Assert.Equal(["keep:1"], only.RepoTags);
        Assert.Single((await h.Service.DiskUsageAsync(Ct)).Images);
    }

    [Fact]
    public async Task A_failure_inside_a_delete_leaves_image_tags_and_layers()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        await h.LoadAsync(DockerArchive([(Config([l1]), ["keep:1"], [l1])]));
        h.Service.Metadata.FaultHook = step => { if (step == "layers") throw new IOException("boom"); };
        await Assert.ThrowsAsync<IOException>(() => h.Service.DeleteAsync("keep:1", false, false, Ct));
        h.Service.Metadata.FaultHook = null;
        var image = await h.Service.InspectAsync("keep:1", Ct);
        Assert.Single(image.Layers);
        Assert.True(Directory.Exists(image.GraphDriverData["UpperDir"]));
        Assert.Equal(3, (await h.Service.DiskUsageAsync(Ct)).LayersSize);
    }

    [Fact]
    public async Task Start_up_collects_what_a_crash_left_and_keeps_what_is_referenced()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        var config = Config([l1]);
        await h.LoadAsync(DockerArchive([(config, ["keep:1"], [l1])]));
        // Debris of a kill -9: a half-unpacked temp dir, a blob no row references, a layer dir without a row.
        Directory.CreateDirectory(Path.Combine(h.Root, "tmp", "layer-dead", "diff"));
        File.WriteAllText(Path.Combine(h.Root, "tmp", "blob-dead"), "partial");
        var orphanBlob = Path.Combine(h.Root, "content", "sha256", new string('e', 64));
        File.WriteAllText(orphanBlob, "orphan");
        var orphanLayer = Path.Combine(h.Root, "overlay2", new string('d', 64), "diff");
        Directory.CreateDirectory(orphanLayer);

        var restarted = h.NewService();
        await restarted.InitializeAsync(Ct);

        Assert.Empty(h.Files("tmp"));
        Assert.False(File.Exists(orphanBlob));
        Assert.False(Directory.Exists(orphanLayer));
        Assert.Equal(new[] { Sha(config), Sha(l1) }.Order(StringComparer.Ordinal), h.Files("content/sha256").Order(StringComparer.Ordinal));
        var image = await restarted.InspectAsync("keep:1", Ct);
        Assert.True(Directory.Exists(image.GraphDriverData["UpperDir"]));
    }

    [Fact]
    public async Task A_layer_unpacked_before_a_crash_without_its_row_is_collected_and_the_load_can_be_retried()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        var archive = DockerArchive([(Config([l1]), ["app:1"], [l1])]);
        h.Service.Metadata.FaultHook = step => { if (step == "image") throw new IOException("crash"); };
        await Assert.ThrowsAsync<IOException>(() => h.LoadAsync(archive));
        h.Service.Metadata.FaultHook = null;
        Assert.Empty(await h.ListAsync(all: true));
        Assert.Single(h.Files("overlay2"));

        var restarted = h.NewService();
        await restarted.InitializeAsync(Ct);
        Assert.Empty(h.Files("overlay2"));
        Assert.Empty(h.Files("content/sha256"));
        await h.LoadAsync(archive);
        Assert.Equal(["app:1"], (await restarted.InspectAsync("app:1", Ct)).RepoTags);
    }
}
