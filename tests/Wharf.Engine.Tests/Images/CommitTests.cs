using Wharf.Engine.Images;
using Wharf.Engine.References;
using Wharf.Testing;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class CommitTests
{
    static readonly CancellationToken Ct = CancellationToken.None;
    const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static ImageCommitRequest Request(Digest parent, ImageReference? tag = null, string? author = "me", string? comment = "msg") =>
        new(parent, ContainerId, new RunConfig { Cmd = ["cat", "/data/f"], Image = "busybox" },
            new RunConfig { Cmd = ["sh", "-c", "echo hi > /data/f"], Image = "busybox" }, author, comment, tag);

    static Func<Stream, CancellationToken, Task> Writes(byte[] tar) => (s, ct) => s.WriteAsync(tar, ct).AsTask();

    [Fact]
    public async Task Commit_adds_the_layer_on_the_parent_with_history_parent_tag_and_configs()
    {
        using var h = await ImageHarness.StartAsync();
        var parent = await h.ImportAsync(Layer("base", "x"), "busybox");
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var diff = new TarBuilder().Directory("data").File("data/f", "hello").Build();

        var id = await h.Service.CommitAsync(Request(parent, ImageReference.ParseNormalized("repo:v1")), Writes(diff), Ct);

        var image = await h.Service.InspectAsync("repo:v1", Ct);
        var before = await h.Service.InspectAsync(parent.ToString(), Ct);
        Assert.Equal(id, image.Id);
        Assert.Equal(parent, image.Parent);
        Assert.Equal([.. before.Config.RootFs.DiffIds, "sha256:" + Sha(diff)], image.Config.RootFs.DiffIds);
        Assert.Equal([.. before.Layers, ChainId.For(before.Layers[^1], new DiffId(Digest.Parse("sha256:" + Sha(diff))))], image.Layers);
        Assert.Equal(before.Size + 5, image.Size);
        Assert.Equal(("me", ContainerId, h.Clock.GetUtcNow()), (image.Config.Author, image.Config.Container, image.Created));
        Assert.Equal(["cat", "/data/f"], image.Config.Config!.Cmd);
        Assert.Equal(["sh", "-c", "echo hi > /data/f"], image.Config.ContainerConfig!.Cmd);
        Assert.Null(image.Config.Comment); // as dockerd: the comment is in the history entry only
        var last = image.Config.History![^1];
        Assert.Equal(("me", "sh -c echo hi > /data/f", "msg", (bool?)null), (last.Author, last.CreatedBy, last.Comment, last.EmptyLayer));
        Assert.Equal(2, image.Config.History.Count);

        var history = await h.Service.HistoryAsync("repo:v1", Ct);
        Assert.Equal((id.ToString(), "msg", 5L), (history[0].Id, history[0].Comment, history[0].Size));
        Assert.Equal(["repo:v1"], history[0].Tags);
        Assert.Equal(parent.ToString(), history[1].Id);

        var tag = Assert.Single(h.Events.Events, e => e.Action == "tag" && e.ActorId == id.ToString());
        Assert.Equal("repo:v1", tag.Attributes["name"]);
    }

    [Fact]
    public async Task An_empty_diff_adds_no_layer_only_an_empty_layer_history_entry()
    {
        using var h = await ImageHarness.StartAsync();
        var parent = await h.ImportAsync(Layer("base", "x"), "busybox");
        var applied = h.Applier.Applied;

        var id = await h.Service.CommitAsync(Request(parent), async (s, ct) =>
        {
            await s.WriteAsync(new byte[1024], ct); // a tar without entries, as Go and OverlayDiffTar write it
        }, Ct);

        var image = await h.Service.InspectAsync(id.ToString(), Ct);
        var before = await h.Service.InspectAsync(parent.ToString(), Ct);
        Assert.Equal(before.Config.RootFs.DiffIds, image.Config.RootFs.DiffIds);
        Assert.Equal(before.Layers, image.Layers);
        Assert.True(image.Config.History![^1].EmptyLayer);
        Assert.Equal(applied, h.Applier.Applied);
        Assert.Empty(image.RepoTags);
        Assert.Equal(0, (await h.Service.HistoryAsync(id.ToString(), Ct))[0].Size);
    }

    [Fact]
    public async Task A_failing_layer_writer_fails_the_commit_and_stores_no_image()
    {
        using var h = await ImageHarness.StartAsync();
        var parent = await h.ImportAsync(Layer("base", "x"), "busybox");

        var e = await Assert.ThrowsAsync<IOException>(() => h.Service.CommitAsync(Request(parent, ImageReference.ParseNormalized("repo")), async (s, ct) =>
        {
            await s.WriteAsync(new byte[4096], ct);
            throw new IOException("disk on fire");
        }, Ct));

        Assert.Equal("disk on fire", e.Message);
        Assert.Single(await h.ListAsync(all: true));
    }

    [Fact]
    public async Task A_large_layer_is_streamed_through()
    {
        using var h = await ImageHarness.StartAsync();
        var parent = await h.ImportAsync(Layer("base", "x"), "busybox");
        var big = new byte[3 << 20];
        new Random(7).NextBytes(big);
        var diff = new TarBuilder().File("big", big).Build();

        var id = await h.Service.CommitAsync(Request(parent), Writes(diff), Ct);

        var image = await h.Service.InspectAsync(id.ToString(), Ct);
        Assert.Equal("sha256:" + Sha(diff), image.Config.RootFs.DiffIds[^1]);
    }
}
