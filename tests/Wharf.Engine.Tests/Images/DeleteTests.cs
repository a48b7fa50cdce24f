using Wharf.Engine.Images;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class DeleteTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    static async Task<(ImageHarness H, string Id, byte[] Base, byte[] Top)> WithImageAsync(params string[] tags)
    {
        var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "base");
        var l2 = Layer("b.txt", "top");
        var config = Config([l1, l2]);
        await h.LoadAsync(DockerArchive([(config, tags, [l1, l2])]));
        return (h, "sha256:" + Sha(config), l1, l2);
    }

    static IEnumerable<string> Lines(IReadOnlyList<ImageDeleteEntry> entries) =>
        entries.Select(e => e.Untagged is not null ? "Untagged: " + e.Untagged : "Deleted: " + e.Deleted);

    [Fact]
    public async Task Removing_one_of_two_tags_only_untags()
    {
        var (h, id, _, _) = await WithImageAsync("app:1", "app:2");
        using var _h = h;
        Assert.Equal(["Untagged: app:1"], Lines(await h.Service.DeleteAsync("app:1", false, false, Ct)));
        Assert.Equal(["app:2"], (await h.Service.InspectAsync(id, Ct)).RepoTags);
        Assert.Equal("untag", h.Events.Events[^1].Action);
        Assert.Equal(id, h.Events.Events[^1].ActorId);
    }

    [Fact]
    public async Task Removing_the_last_tag_deletes_the_image_and_releases_its_layers_top_first()
    {
        var (h, id, l1, l2) = await WithImageAsync("app:1");
        using var _h = h;
        var chains = Wharf.Engine.Images.ChainId.ForAll([new DiffId(Digest.Sha256(Sha(l1))), new DiffId(Digest.Sha256(Sha(l2)))]);
        var lines = Lines(await h.Service.DeleteAsync("app:1", false, false, Ct)).ToList();
        Assert.Equal(["Untagged: app:1", "Deleted: " + id, "Deleted: " + chains[1], "Deleted: " + chains[0]], lines);
        Assert.Empty(await h.ListAsync(all: true));
        Assert.Empty(h.Files("overlay2"));
        Assert.Empty(h.Files("content/sha256"));
        Assert.Equal(["load", "untag", "delete"], h.Events.Events.Select(e => e.Action));
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync("app:1", false, false, Ct));
        Assert.Equal((ErrorKind.NotFound, "No such image: app:1"), (e.Kind, e.Message));
    }

    [Fact]
    public async Task Deleting_one_of_two_images_that_share_a_base_keeps_the_base_layer()
    {
        using var h = await ImageHarness.StartAsync();
        var b = Layer("base.txt", "base");
        var x = Layer("x.txt", "x");
        var y = Layer("y.txt", "y");
        await h.LoadAsync(DockerArchive([(Config([b, x]), ["x:1"], [b, x]), (Config([b, y]), ["y:1"], [b, y])]));
        Assert.Equal(3, h.Applier.Applied);
        var usage = await h.Service.DiskUsageAsync(Ct);
        Assert.Equal(4 + 1 + 1, usage.LayersSize);
        Assert.All(usage.Images, i => Assert.Equal(4, i.SharedSize));

        var lines = Lines(await h.Service.DeleteAsync("x:1", false, false, Ct)).ToList();
        Assert.Equal(3, lines.Count);
        var baseChain = Sha(b);
        Assert.DoesNotContain("Deleted: sha256:" + baseChain, lines);
        Assert.Contains(baseChain, h.Files("overlay2"));
        Assert.Equal(2, h.Files("overlay2").Length);
        var y1 = await h.Service.InspectAsync("y:1", Ct);
        Assert.True(Directory.Exists(y1.GraphDriverData["LowerDir"]));
        Assert.Equal(0, (await h.Service.DiskUsageAsync(Ct)).Images[0].SharedSize);

        lines = Lines(await h.Service.DeleteAsync("y:1", false, false, Ct)).ToList();
        Assert.Equal("Deleted: sha256:" + baseChain, lines[^1]);
        Assert.Empty(h.Files("overlay2"));
    }

    [Fact]
    public async Task Deleting_by_id_with_tags_in_several_repositories_needs_force()
    {
        var (h, id, _, _) = await WithImageAsync("app:1", "other:1");
        using var _h = h;
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync(id[7..19], false, false, Ct));
        Assert.Equal((ErrorKind.Conflict, $"conflict: unable to delete {id[7..19]} (must be forced) - image is referenced in multiple repositories"), (e.Kind, e.Message));
        var lines = Lines(await h.Service.DeleteAsync(id[7..19], true, false, Ct)).ToList();
        Assert.Equal(["Untagged: app:1", "Untagged: other:1", "Deleted: " + id], lines.Take(3));
    }

    [Fact]
    public async Task Deleting_by_id_with_a_single_tag_untags_and_deletes()
    {
        var (h, id, _, _) = await WithImageAsync("app:1");
        using var _h = h;
        var lines = Lines(await h.Service.DeleteAsync(id, false, false, Ct)).ToList();
        Assert.Equal(["Untagged: app:1", "Deleted: " + id], lines.Take(2));
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public async Task Deleting_by_id_with_two_tags_of_one_repository_also_needs_force_as_in_dockerd()
    {
        // dockerd's isSingleReference counts tags, not repositories: two tags are "multiple repositories".
        var (h, id, _, _) = await WithImageAsync("app:1", "app:2");
        using var _h = h;
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync(id, false, false, Ct));
        Assert.EndsWith("image is referenced in multiple repositories", e.Message);
        Assert.Single(await h.ListAsync());
    }

    [Fact]
    public async Task An_image_used_by_a_container_is_protected_as_dockerd_does()
    {
        var (h, id, _, _) = await WithImageAsync("app:1");
        using var _h = h;
        h.Users.Containers.Add((Digest.Parse(id), "fce961c4d2870123456789", false));
        var e = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync("app:1", false, false, Ct));
        Assert.Equal($"conflict: unable to remove repository reference \"app:1\" (must force) - container fce961c4d287 is using its referenced image {id[7..19]}", e.Message);
        var byId = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync(id, false, false, Ct));
        Assert.Equal($"conflict: unable to delete {id[7..19]} (must be forced) - image is being used by stopped container fce961c4d287", byId.Message);

        h.Users.Containers[0] = (Digest.Parse(id), "fce961c4d2870123456789", true);
        // Forced removal of the tag of a running container's image untags and keeps the image.
        Assert.Equal(["Untagged: app:1"], Lines(await h.Service.DeleteAsync("app:1", true, false, Ct)));
        Assert.Single(await h.ListAsync(all: true));
        var hard = await Assert.ThrowsAsync<EngineException>(() => h.Service.DeleteAsync(id, true, false, Ct));
        Assert.Equal($"conflict: unable to delete {id[7..19]} (cannot be forced) - image is being used by running container fce961c4d287", hard.Message);
    }

    [Fact]
    public async Task Forced_removal_of_a_stopped_containers_image_deletes_it_as_dockerd_does()
    {
        // dockerd masks soft conflicts (stopped containers) under force; only running containers keep the image.
        var (h, id, _, _) = await WithImageAsync("app:1");
        using var _h = h;
        h.Users.Containers.Add((Digest.Parse(id), "c0ffee", false));
        var lines = Lines(await h.Service.DeleteAsync("app:1", true, false, Ct)).ToList();
        Assert.Equal(["Untagged: app:1", "Deleted: " + id], lines.Take(2));
        Assert.Empty(await h.ListAsync(all: true));
    }

    [Fact]
    public async Task Tag_moves_and_validates_names()
    {
        var (h, id, _, _) = await WithImageAsync("app:1");
        using var _h = h;
        await h.Service.TagAsync("app:1", "docker.io/library/copy", "2", Ct);
        await h.Service.TagAsync(id[7..15], "host:5000/x/y", null, Ct);
        Assert.Equal(["app:1", "copy:2", "host:5000/x/y:latest"], (await h.Service.InspectAsync(id, Ct)).RepoTags);
        Assert.Equal(("tag", "copy:2"), (h.Events.Events[1].Action, h.Events.Events[1].Attributes["name"]));

        Assert.Equal("No such image: nope:latest", (await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync("nope", "x", null, Ct))).Message);
        Assert.Equal("invalid reference format: repository name (library/Bad) must be lowercase",
            (await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync("app:1", "Bad", null, Ct))).Message);
        Assert.Equal("invalid tag format", (await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync("app:1", "x", "a b", Ct))).Message);
        var hex = id[7..];
        Assert.Equal($"invalid repository name ({hex}), cannot specify 64-byte hexadecimal strings",
            (await Assert.ThrowsAsync<EngineException>(() => h.Service.TagAsync("app:1", hex, null, Ct))).Message);
    }

    [Fact]
    public async Task Names_resolve_by_tag_full_id_and_unique_prefix_but_not_ambiguous_prefix()
    {
        using var h = await ImageHarness.StartAsync();
        // Find two configs whose ids share a first hex digit, so that digit alone is ambiguous.
        var images = Enumerable.Range(0, 40).Select(i => Layer("f", "v" + i)).Select(l => (Layer: l, Config: Config([l]))).ToList();
        var pair = images.GroupBy(i => Sha(i.Config)[0]).First(g => g.Count() > 1).Take(2).ToList();
        foreach (var (layer, config) in pair) await h.LoadAsync(DockerArchive([(config, [], [layer])]));
        var a = Sha(pair[0].Config);
        Assert.Equal(a, (await h.Service.InspectAsync(a, Ct)).Id.Hex);
        Assert.Equal(a, (await h.Service.InspectAsync("sha256:" + a, Ct)).Id.Hex);
        var unique = a[..1];
        while (Sha(pair[1].Config).StartsWith(unique, StringComparison.Ordinal)) unique = a[..(unique.Length + 1)];
        Assert.Equal(a, (await h.Service.InspectAsync(unique, Ct)).Id.Hex);
        Assert.Equal(a, (await h.Service.InspectAsync("sha256:" + unique, Ct)).Id.Hex);
        var ambiguous = await Assert.ThrowsAsync<EngineException>(() => h.Service.InspectAsync(a[..1], Ct));
        Assert.Equal(ErrorKind.NotFound, ambiguous.Kind);
        var missing = await Assert.ThrowsAsync<EngineException>(() => h.Service.InspectAsync("gtcap-nosuch", Ct));
        Assert.Equal("no such image: gtcap-nosuch: No such image: gtcap-nosuch:latest", missing.Message);
        Assert.Equal("No such image: sha256:" + new string('f', 64),
            (await Assert.ThrowsAsync<EngineException>(() => h.Service.HistoryAsync(new string('f', 64), Ct))).Message);
    }
}
