using Wharf.Engine.Images;
using Wharf.Engine.References;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

/// <summary>The image store keeps its last read in memory; every write, committed or failed, must retire it.</summary>
public sealed class MetadataSnapshotTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Reads_share_one_snapshot_until_a_write_ends()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        await h.LoadAsync(DockerArchive([(Config([l1]), ["keep:1"], [l1])]));
        var store = h.Service.Metadata;
        var first = await store.ReadAsync(Ct);
        Assert.Same(first, await store.ReadAsync(Ct));

        var image = Assert.Single(first.Images.Values);
        await store.TagAsync(ImageReference.ParseNormalized("other:2"), image.Id, DateTimeOffset.UnixEpoch, Ct);
        var after = await store.ReadAsync(Ct);
        Assert.NotSame(first, after);
        Assert.Equal(["docker.io/library/keep:1", "docker.io/library/other:2"], after.Tags.Select(t => t.Reference.ToString()).Order());
        Assert.Single(first.Tags);
    }

    [Fact]
    public async Task A_failed_write_retires_the_snapshot_and_the_next_read_sees_the_rollback()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        await h.LoadAsync(DockerArchive([(Config([l1]), ["keep:1"], [l1])]));
        var store = h.Service.Metadata;
        var before = await store.ReadAsync(Ct);
        store.FaultHook = step => { if (step == "untag") throw new IOException("disk full"); };
        await Assert.ThrowsAsync<IOException>(() => store.RemoveAsync([before.Tags[0].Reference], [], Ct));
        store.FaultHook = null;
        var after = await store.ReadAsync(Ct);
        Assert.NotSame(before, after);
        Assert.Single(after.Tags);
    }

    [Fact]
    public async Task Each_service_operation_sees_the_writes_before_it()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a", "one");
        await h.LoadAsync(DockerArchive([(Config([l1]), ["keep:1"], [l1])]));
        Assert.Equal(["keep:1"], Assert.Single(await h.ListAsync()).RepoTags);
        await h.Service.TagAsync("keep:1", "keep", "2", Ct);
        Assert.Equal(["keep:1", "keep:2"], Assert.Single(await h.ListAsync()).RepoTags);
        await h.Service.DeleteAsync("keep:1", false, false, Ct);
        Assert.Equal(["keep:2"], Assert.Single(await h.ListAsync()).RepoTags);
        await h.Service.DeleteAsync("keep:2", false, false, Ct);
        Assert.Empty(await h.ListAsync());
    }
}
