using Wharf.Engine.Events;
using Wharf.Engine.Images;
using Wharf.Testing;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class LoadTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Loads_a_docker_archive_with_tags_progress_layers_and_events()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var l2 = Layer("b.txt", "bravo!");
        var config = Config([l1, l2], labels: new() { ["team"] = "wharf" });
        var messages = await h.LoadAsync(DockerArchive([(config, ["busybox:latest", "example.com:5000/x/y:1"], [l1, TarBuilder.Gzip(l2)])]));

        var id = "sha256:" + Sha(config);
        Assert.Equal(["Loaded image: busybox:latest\n", "Loaded image: example.com:5000/x/y:1\n"], messages.Where(m => m.Stream is not null).Select(m => m.Stream));
        var progress = messages.Where(m => m.Status == "Loading layer").ToList();
        Assert.Equal(4, progress.Count);
        Assert.Equal(Sha(l1)[..12], progress[0].Id);
        Assert.Equal(l1.Length, progress[1].Current);
        Assert.Equal(l1.Length, progress[1].Total);

        var image = await h.Service.InspectAsync("busybox", Ct);
        Assert.Equal(id, image.Id.ToString());
        Assert.Equal(["busybox:latest", "example.com:5000/x/y:1"], image.RepoTags);
        Assert.Equal(11, image.Size);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal("bravo!", File.ReadAllText(Path.Combine(h.Root, "overlay2", image.Layers[1].Digest.Hex, "diff", "etc", "b.txt")));
        Assert.Equal(image.GraphDriverData["UpperDir"], Path.Combine(h.Root, "overlay2", image.Layers[1].Digest.Hex, "diff"));
        Assert.Equal(Path.Combine(h.Root, "overlay2", image.Layers[0].Digest.Hex, "diff"), image.GraphDriverData["LowerDir"]);
        // The uncompressed tar is kept under its diff id, so save can stream it byte-exact.
        Assert.Equal(l2, File.ReadAllBytes(Path.Combine(h.Root, "content", "sha256", Sha(l2))));

        var load = Assert.Single(h.Events.Events);
        Assert.Equal((EventType.Image, "load", id), (load.Type, load.Action, load.ActorId));
        Assert.Equal(id, load.Attributes["name"]);
        Assert.Equal("wharf", load.Attributes["team"]);
        Assert.Empty(h.Files("tmp"));
    }

    [Fact]
    public async Task Quiet_loads_print_only_the_result_and_untagged_images_print_their_id()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var config = Config([l1]);
        var messages = await h.LoadAsync(DockerArchive([(config, [], [l1])]), quiet: true);
        Assert.Equal([$"Loaded image ID: sha256:{Sha(config)}\n"], messages.Select(m => m.Stream));
        var listed = Assert.Single(await h.ListAsync());
        Assert.Empty(listed.RepoTags);
    }

    [Fact]
    public async Task Loads_a_Docker_25_archive_with_blobs_layout()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var config = Config([l1]);
        var messages = await h.LoadAsync(DockerArchive([(config, ["app:2"], [l1])], blobsLayout: true), quiet: true);
        Assert.Equal(["Loaded image: app:2\n"], messages.Select(m => m.Stream));
        Assert.Equal("sha256:" + Sha(config), (await h.Service.InspectAsync("app:2", Ct)).Id.ToString());
    }

    [Fact]
    public async Task Loads_an_OCI_layout_following_a_nested_index_to_the_amd64_manifest()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var config = Config([l1]);
        var messages = await h.LoadAsync(OciLayout(config, [TarBuilder.Gzip(l1)], "docker.io/library/ocitest:3"), quiet: true);
        Assert.Equal(["Loaded image: ocitest:3\n"], messages.Select(m => m.Stream));
        var image = await h.Service.InspectAsync("ocitest:3", Ct);
        Assert.Equal("sha256:" + Sha(config), image.Id.ToString());
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(h.Root, "overlay2", image.Layers[0].Digest.Hex, "diff", "etc", "a.txt")));
    }

    [Fact]
    public async Task An_OCI_layout_with_a_plain_tag_annotation_loads_untagged()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var config = Config([l1]);
        var messages = await h.LoadAsync(OciLayout(config, [l1], "latest", nested: false), quiet: true);
        Assert.Equal([$"Loaded image ID: sha256:{Sha(config)}\n"], messages.Select(m => m.Stream));
    }

    [Fact]
    public async Task A_diff_id_mismatch_fails_before_any_message_and_stores_nothing()
    {
        using var h = await ImageHarness.StartAsync();
        var good = Layer("a.txt", "alpha");
        var good2 = Layer("b.txt", "bravo");
        var bad = Layer("b.txt", "tampered");
        var config = Config([good, good2]);
        var archive = DockerArchive([(config, ["broken:1"], [good, bad])]);
        var enumerator = h.Service.LoadAsync(new NonSeekableStream(archive), false, Ct).GetAsyncEnumerator();
        var e = await Assert.ThrowsAsync<EngineException>(async () => await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
        Assert.Equal($"invalid diffID for layer 1: expected \"sha256:{Sha(good2)}\", got \"sha256:{Sha(bad)}\"", e.Message);
        Assert.Empty(await h.ListAsync(all: true));
        Assert.Empty(h.Files("overlay2"));
        Assert.Empty(h.Files("content/sha256"));
        Assert.Empty(h.Files("tmp"));
        Assert.Equal(0, h.Applier.Applied);
    }

    [Fact]
    public async Task Rejects_zstd_layers_and_paths_that_escape()
    {
        using var h = await ImageHarness.StartAsync();
        var zstd = new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0 };
        var config = Config([zstd]);
        var e = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(DockerArchive([(config, ["z:1"], [zstd])])));
        Assert.StartsWith("unsupported layer compression: zstd", e.Message);

        var escaping = new TarBuilder().File("../evil", "x").File("manifest.json", "[]").Build();
        var e2 = await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(escaping));
        Assert.Contains("path escapes", e2.Message);
        Assert.False(File.Exists(Path.Combine(h.Root, "evil")));
        Assert.False(File.Exists(Path.Combine(h.Root, "tmp", "evil")));

        var empty = new TarBuilder().File("hello", "x").Build();
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(empty))).Kind);
    }

    [Fact]
    public async Task A_tag_that_moves_leaves_the_old_image_dangling_and_says_so()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "one");
        var l2 = Layer("a.txt", "two");
        var c1 = Config([l1]);
        var c2 = Config([l2]);
        await h.LoadAsync(DockerArchive([(c1, ["app:1"], [l1])]));
        var messages = await h.LoadAsync(DockerArchive([(c2, ["app:1"], [l2])]), quiet: true);
        Assert.Equal([$"The image app:1 already exists, renaming the old one with ID sha256:{Sha(c1)} to empty string\n", "Loaded image: app:1\n"],
            messages.Select(m => m.Stream));
        var dangling = Assert.Single(await h.ListAsync(false, ("dangling", "true")));
        Assert.Equal("sha256:" + Sha(c1), dangling.Id.ToString());
    }

    [Fact]
    public async Task Reads_go_timestamps_with_nanoseconds()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var node = System.Text.Json.Nodes.JsonNode.Parse(Config([l1]))!;
        node["created"] = "2026-11-30T03:03:15.364133621Z";
        var config = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        await h.LoadAsync(DockerArchive([(config, ["nano:1"], [l1])]));
        var image = await h.Service.InspectAsync("nano:1", Ct);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 3, 3, 15, TimeSpan.Zero).AddTicks(3641336), image.Created);
    }

    [Fact]
    public async Task Follows_layer_tar_symlinks_of_older_saves()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var l2 = Layer("b.txt", "bravo");
        var config = Config([l1, l2]);
        var manifest = $"[{{\"Config\":\"{Sha(config)}.json\",\"RepoTags\":[\"dup:1\"],\"Layers\":[\"one/layer.tar\",\"two/layer.tar\"]}}]";
        var archive = new TarBuilder().File("one/layer.tar", l1).File("three/layer.tar", l2).Directory("two").Symlink("two/layer.tar", "../three/layer.tar")
            .File(Sha(config) + ".json", config).File("manifest.json", manifest).Build();
        var messages = await h.LoadAsync(archive, quiet: true);
        Assert.Equal(["Loaded image: dup:1\n"], messages.Select(m => m.Stream));
        Assert.Equal(2, (await h.Service.InspectAsync("dup:1", Ct)).Layers.Count);

        var escaping = new TarBuilder().Symlink("x/layer.tar", "../../../etc/passwd").File(Sha(config) + ".json", config)
            .File("manifest.json", manifest.Replace("one/layer.tar", "x/layer.tar", StringComparison.Ordinal)).Build();
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<EngineException>(() => h.LoadAsync(escaping))).Kind);
    }

    [Fact]
    public async Task Loading_the_same_image_twice_unpacks_its_layers_once()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var archive = DockerArchive([(Config([l1]), ["app:1"], [l1])]);
        await h.LoadAsync(archive);
        var again = await h.LoadAsync(archive);
        Assert.Equal(1, h.Applier.Applied);
        Assert.DoesNotContain(again, m => m.Status == "Loading layer");
        Assert.Single(await h.ListAsync());
    }
}
