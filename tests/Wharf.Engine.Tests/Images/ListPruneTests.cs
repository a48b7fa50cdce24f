using Wharf.Engine.Images;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class ListPruneTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>old (2024, label tier=db, tagged db:1), mid (2025, tagged web:1 and web:2), new (2026, dangling).</summary>
    static async Task<(ImageHarness H, string Old, string Mid, string New)> ThreeImagesAsync()
    {
        var h = await ImageHarness.StartAsync();
        var lo = Layer("o", "old");
        var lm = Layer("m", "mid");
        var ln = Layer("n", "new");
        var co = Config([lo], new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new() { ["tier"] = "db" });
        var cm = Config([lm], new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new() { ["tier"] = "web" });
        var cn = Config([ln], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await h.LoadAsync(DockerArchive([(co, ["db:1"], [lo]), (cm, ["web:1", "web:2"], [lm]), (cn, [], [ln])]));
        return (h, "sha256:" + Sha(co), "sha256:" + Sha(cm), "sha256:" + Sha(cn));
    }

    static async Task<List<string>> Ids(ImageHarness h, params (string, string)[] filters) =>
        (await h.ListAsync(false, filters)).Select(v => v.Id.ToString()).ToList();

    [Fact]
    public async Task Lists_newest_first_with_dangling_label_reference_before_and_since()
    {
        var (h, old, mid, @new) = await ThreeImagesAsync();
        using var _h = h;
        Assert.Equal([@new, mid, old], await Ids(h));
        Assert.Equal([@new], await Ids(h, ("dangling", "true")));
        Assert.Equal([mid, old], await Ids(h, ("dangling", "false")));
        Assert.Equal([old], await Ids(h, ("label", "tier=db")));
        Assert.Equal([mid, old], await Ids(h, ("label", "tier")));
        Assert.Equal([mid], await Ids(h, ("reference", "we*")));
        Assert.Equal(["web:2"], (await h.ListAsync(false, ("reference", "web:2")))[0].RepoTags);
        Assert.Equal([old], await Ids(h, ("before", "web:1")));
        Assert.Equal([@new, mid], await Ids(h, ("since", "db:1")));
        Assert.Equal([@new], await Ids(h, ("since", mid[7..19])));
        Assert.Equal("Invalid filter 'nope'", (await Assert.ThrowsAsync<EngineException>(() => h.ListAsync(false, ("nope", "x")))).Message);
        Assert.Equal("No such image: gone:latest", (await Assert.ThrowsAsync<EngineException>(() => h.ListAsync(false, ("before", "gone")))).Message);
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<EngineException>(() => h.ListAsync(false, ("dangling", "maybe")))).Kind);
    }

    [Fact]
    public async Task Prune_removes_dangling_images_only_by_default_and_reports_space()
    {
        var (h, old, mid, @new) = await ThreeImagesAsync();
        using var _h = h;
        var result = await h.Service.PruneAsync(ImageHarness.Filters(), Ct);
        Assert.Equal(["Deleted: " + @new, "Deleted: sha256:" + Sha(Layer("n", "new"))],
            result.Deleted.Select(d => "Deleted: " + d.Deleted));
        Assert.Equal(3, result.SpaceReclaimed);
        Assert.Equal([mid, old], await Ids(h));
    }

    [Fact]
    public async Task Prune_with_dangling_false_removes_unused_images_matching_the_filters()
    {
        var (h, old, mid, @new) = await ThreeImagesAsync();
        using var _h = h;
        h.Users.Containers.Add((Digest.Parse(old), "c0ffee", false));
        var result = await h.Service.PruneAsync(ImageHarness.Filters(("dangling", "false"), ("label!", "tier=none")), Ct);
        Assert.Contains("Deleted: " + mid, result.Deleted.Select(d => "Deleted: " + d.Deleted));
        Assert.Contains("Deleted: " + @new, result.Deleted.Select(d => "Deleted: " + d.Deleted));
        Assert.Equal([old], await Ids(h));
        Assert.Equal(6, result.SpaceReclaimed);

        var none = await h.Service.PruneAsync(ImageHarness.Filters(("dangling", "false"), ("label", "tier=db")), Ct);
        Assert.Empty(none.Deleted);
        Assert.Equal("Invalid filter 'reference'",
            (await Assert.ThrowsAsync<EngineException>(() => h.Service.PruneAsync(ImageHarness.Filters(("reference", "x")), Ct))).Message);
    }

    [Fact]
    public async Task Prune_until_keeps_newer_images()
    {
        var (h, old, mid, @new) = await ThreeImagesAsync();
        using var _h = h;
        var result = await h.Service.PruneAsync(ImageHarness.Filters(("dangling", "false"), ("until", "2025-06-01T00:00:00Z")), Ct);
        Assert.Equal([@new], await Ids(h));
        Assert.Equal(2, result.Deleted.Count(d => d.Deleted == old || d.Deleted == mid));
    }
}
