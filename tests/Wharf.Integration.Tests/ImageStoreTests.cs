using System.Formats.Tar;
using System.Text.Json;
using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>The image endpoints of one real wharfd, end to end: import, list, inspect, tag, history, delete, save, load, prune.</summary>
public sealed class ImageStoreTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    WharfClient Client => daemon.Client;

    [RootFact]
    public async Task Ping_version_and_info_describe_this_daemon()
    {
        Assert.Equal("OK", await Client.PingAsync());
        Assert.Equal("1.41", (await Client.GetApiVersionAsync()).ToString());

        var version = await Client.VersionAsync();
        Assert.Equal("1.41", version.ApiVersion);
        Assert.Equal("linux", version.Os);

        var info = await Client.InfoAsync();
        Assert.Equal(daemon.DataRoot, info.DockerRootDir);
        Assert.Equal("overlay2", info.Driver);
        Assert.Equal((await Client.Images.ListAsync(all: true)).Length, info.Images);
    }

    [RootFact]
    public async Task Import_applies_changes_and_makes_one_layer_of_the_tarball()
    {
        var id = await Busybox.ImportAsync(Client, "it-import", "v1", "CMD [\"sh\"]", "ENV FOO=bar", "WORKDIR /tmp", "EXPOSE 8080");

        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        var image = await Client.Images.InspectAsync("it-import:v1");
        Assert.Equal(id, image.Id);
        Assert.Contains("it-import:v1", image.RepoTags);
        Assert.Equal("linux", image.Os);
        Assert.Equal(["sh"], image.Config?.Cmd);
        Assert.Contains("FOO=bar", image.Config?.Env ?? []);
        Assert.Equal("/tmp", image.Config?.WorkingDir);
        Assert.True(image.Config?.ExposedPorts?.ContainsKey("8080/tcp") == true, "EXPOSE 8080 did not become ExposedPorts 8080/tcp");
        Assert.Equal("layers", image.RootFS.Type);
        Assert.Equal([await Busybox.DiffIdAsync()], image.RootFS.Layers);
        Assert.True(image.Size > 1_000_000, $"size {image.Size} is smaller than busybox itself");
    }

    [RootFact]
    public async Task List_shows_imported_images_and_filters_by_reference()
    {
        var id = await Busybox.ImportAsync(Client, "it-list", "v1", "CMD [\"sh\"]");
        await Busybox.ImportAsync(Client, "it-other", "v1", "CMD [\"sh\"]");

        var all = await Client.Images.ListAsync();
        var listed = Assert.Single(all, i => i.RepoTags?.Contains("it-list:v1") == true);
        Assert.Equal(id, listed.Id);
        Assert.True(listed.Size > 0);

        var filtered = await Client.Images.ListAsync(filters: new Dictionary<string, IReadOnlyList<string>> { ["reference"] = ["it-list"] });
        Assert.Equal([id], filtered.Select(i => i.Id));
    }

    [RootFact]
    public async Task Inspect_of_an_unknown_image_is_404_with_dockerds_message()
    {
        var e = await Assert.ThrowsAsync<WharfApiException>(() => Client.Images.InspectAsync("it-nosuch"));
        Assert.Equal(404, e.StatusCode);
        Assert.Equal("no such image: it-nosuch: No such image: it-nosuch:latest", e.Message);
    }

    [RootFact]
    public async Task Tag_adds_a_name_and_history_lists_the_layer()
    {
        var id = await Busybox.ImportAsync(Client, "it-tag", "v1", "CMD [\"sh\"]");

        await Client.Images.TagAsync("it-tag:v1", "it-tag/other", "t2");

        Assert.Equal(id, (await Client.Images.InspectAsync("it-tag/other:t2")).Id);
        Assert.Equal(id, (await Client.Images.InspectAsync(id)).Id);
        Assert.Equal(id, (await Client.Images.InspectAsync(id["sha256:".Length..][..12])).Id);
        var image = await Client.Images.InspectAsync("it-tag:v1");
        Assert.Contains("it-tag/other:t2", image.RepoTags);
        Assert.Contains("it-tag:v1", image.RepoTags);

        var history = await Client.Images.HistoryAsync("it-tag:v1");
        var top = Assert.Single(history);
        Assert.Equal(id, top.Id);
        Assert.Contains("it-tag:v1", top.Tags ?? []);
    }

    [RootFact]
    public async Task Delete_untags_while_other_names_remain_then_deletes()
    {
        var id = await Busybox.ImportAsync(Client, "it-rm", "a", "CMD [\"sh\"]");
        await Client.Images.TagAsync(id, "it-rm", "b");

        var first = await Client.Images.DeleteAsync("it-rm:a");
        Assert.Equal("it-rm:a", Assert.Single(first).Untagged);
        Assert.Equal(id, (await Client.Images.InspectAsync("it-rm:b")).Id);

        var second = await Client.Images.DeleteAsync("it-rm:b");
        Assert.Contains(second, i => i.Untagged == "it-rm:b");
        Assert.Contains(second, i => i.Deleted == id);
        Assert.Equal(404, (await Assert.ThrowsAsync<WharfApiException>(() => Client.Images.InspectAsync(id))).StatusCode);

        var missing = await Assert.ThrowsAsync<WharfApiException>(() => Client.Images.DeleteAsync("it-rm:a"));
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("No such image: it-rm:a", missing.Message);
    }

    [RootFact]
    public async Task Save_then_load_restores_the_same_image()
    {
        using var temp = new TempDir();
        var id = await Busybox.ImportAsync(Client, "it-save", "v1", "CMD [\"sh\"]", "ENV SAVED=1");
        var archive = temp.File("save.tar");
        await using (var saved = await Client.Images.SaveAsync(["it-save:v1"]))
        await using (var file = File.Create(archive))
            await saved.CopyToAsync(file);

        var manifest = ReadManifest(archive);
        Assert.Equal(["it-save:v1"], manifest.RootElement[0].GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(id["sha256:".Length..] + ".json", manifest.RootElement[0].GetProperty("Config").GetString());

        await Client.Images.DeleteAsync("it-save:v1");
        var messages = await Busybox.LoadAsync(Client, archive);

        Assert.Contains(messages, m => m.Stream == "Loaded image: it-save:v1\n");
        var image = await Client.Images.InspectAsync("it-save:v1");
        Assert.Equal(id, image.Id);
        Assert.Contains("SAVED=1", image.Config?.Env ?? []);
        Assert.Equal([await Busybox.DiffIdAsync()], image.RootFS.Layers);
    }

    [RootFact]
    public async Task Load_accepts_a_docker_archive_built_by_hand()
    {
        using var temp = new TempDir();
        var archive = temp.File("hand.tar");
        var built = await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync()], ["it-hand:v1"], ["echo", "hi"]);

        var messages = await Busybox.LoadAsync(Client, archive);

        Assert.Contains(messages, m => m.Stream == "Loaded image: it-hand:v1\n");
        var image = await Client.Images.InspectAsync("it-hand:v1");
        Assert.Equal(built.ImageId, image.Id);
        Assert.Equal(["echo", "hi"], image.Config?.Cmd);
        Assert.Equal("wharf-tests", image.Config?.Labels?["built-by"]);
        Assert.Equal(built.DiffIds, image.RootFS.Layers);
    }

    [RootFact]
    public async Task Prune_removes_dangling_images_only()
    {
        var dangling = await Busybox.ImportAsync(Client, null, null, "CMD [\"true\"]");
        var kept = await Busybox.ImportAsync(Client, "it-prune", "kept", "CMD [\"sh\"]");
        var danglingFilter = new Dictionary<string, IReadOnlyList<string>> { ["dangling"] = ["true"] };
        Assert.Contains(await Client.Images.ListAsync(filters: danglingFilter), i => i.Id == dangling);

        var pruned = await Client.Images.PruneAsync();

        Assert.Contains(pruned.ImagesDeleted ?? [], i => i.Deleted == dangling);
        Assert.DoesNotContain(await Client.Images.ListAsync(all: true), i => i.Id == dangling);
        Assert.Equal(kept, (await Client.Images.InspectAsync("it-prune:kept")).Id);
    }

    [RootFact]
    public async Task System_df_counts_the_images()
    {
        var id = await Busybox.ImportAsync(Client, "it-df", "v1", "CMD [\"sh\"]");

        var df = await Client.SystemDfAsync();

        var image = Assert.Single(df.Images, i => i.Id == id);
        Assert.True(image.Size > 0);
        Assert.True(df.LayersSize > 0);
    }

    [RootFact]
    public async Task Tag_emits_an_image_event()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await Busybox.ImportAsync(Client, "it-ev", "v1", "CMD [\"sh\"]");
        await Client.Images.TagAsync(id, "it-ev", "v2");
        var until = DateTimeOffset.UtcNow.AddSeconds(1);

        var events = await Events.CollectAsync(Client, since, until, new Dictionary<string, IReadOnlyList<string>> { ["type"] = ["image"] });

        Assert.Contains(events, e => e.Action == "import" && e.Actor.ID == id);
        var tag = Assert.Single(events, e => e.Action == "tag" && e.Actor.Attributes.GetValueOrDefault("name") == "it-ev:v2");
        Assert.Equal("image", tag.Type);
        Assert.Equal(id, tag.Actor.ID);
        Assert.All(events, e => Assert.Equal("image", e.Type));
    }

    static JsonDocument ReadManifest(string archive)
    {
        using var reader = new TarReader(File.OpenRead(archive));
        while (reader.GetNextEntry() is { } entry)
            if (entry.Name == "manifest.json" && entry.DataStream is { } data) return JsonDocument.Parse(data);
        throw new Xunit.Sdk.XunitException("the saved archive has no manifest.json");
    }
}
