using Wharf.Engine.Formats;
using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Wharf.Engine.Images;
using Wharf.Testing;
using static Wharf.Engine.Tests.Images.ArchiveFactory;

namespace Wharf.Engine.Tests.Images;

public sealed class ImportExportTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Import_makes_a_one_layer_image_with_changes_history_tag_and_events()
    {
        using var h = await ImageHarness.StartAsync();
        var rootfs = new TarBuilder().Directory("bin").File("bin/busybox", "ELF").Build();
        var id = await h.ImportAsync(TarBuilder.Gzip(rootfs), "busybox", null,
            ["CMD [\"sh\"]", "ENTRYPOINT echo hi", "ENV A=1 B=\"two words\"", "ENV C three four", "EXPOSE 80 53/udp", "LABEL gtcap=1 x=\"y z\"",
             "ONBUILD RUN true", "STOPSIGNAL SIGINT", "USER 65534", "VOLUME /data", "WORKDIR /tmp"]);

        var image = await h.Service.InspectAsync("busybox:latest", Ct);
        Assert.Equal(id, image.Id);
        Assert.Equal(["busybox:latest"], image.RepoTags);
        Assert.Equal(h.Clock.GetUtcNow(), image.Created);
        Assert.Equal(h.Clock.GetUtcNow(), image.LastTagTime);
        var c = image.Config.Config!;
        Assert.Equal(["sh"], c.Cmd);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], c.Entrypoint);
        Assert.Equal(["A=1", "B=two words", "C=three four"], c.Env);
        Assert.Equal(["53/udp", "80/tcp"], c.ExposedPorts!.Keys.Order());
        Assert.Equal("y z", c.Labels!["x"]);
        Assert.Equal(["RUN true"], c.OnBuild);
        Assert.Equal(("SIGINT", "65534", "/tmp"), (c.StopSignal, c.User, c.WorkingDir));
        Assert.Equal(["/data"], c.Volumes!.Keys);
        Assert.Equal("linux", image.Config.Os);
        Assert.Equal("Imported from -", image.Config.Comment);
        Assert.Equal(["sha256:" + Sha(rootfs)], image.Config.RootFs.DiffIds);
        Assert.Equal(3, image.Size);

        var history = Assert.Single(await h.Service.HistoryAsync("busybox", Ct));
        Assert.Equal((id.ToString(), "", "Imported from -", 3L), (history.Id, history.CreatedBy, history.Comment, history.Size));
        Assert.Equal(["busybox:latest"], history.Tags);

        Assert.Equal(["tag", "import"], h.Events.Events.Select(e => e.Action));
        Assert.Equal("busybox:latest", h.Events.Events[0].Attributes["name"]);
        Assert.Equal("1", h.Events.Events[1].Attributes["gtcap"]);
    }

    [Fact]
    public async Task Stored_configs_write_times_as_go_does()
    {
        using var h = await ImageHarness.StartAsync();
        var id = await h.ImportAsync(Layer("f", "x"), "app");
        var config = await File.ReadAllTextAsync(System.IO.Path.Combine(h.Root, "content", "sha256", id.Hex));
        var created = GoTime.Rfc3339Nano(h.Clock.GetUtcNow());
        Assert.EndsWith("Z", created);
        Assert.Contains($"\"created\":\"{created}\"", config);
    }

    [Fact]
    public async Task Import_message_overrides_the_comment_and_repo_may_carry_the_tag()
    {
        using var h = await ImageHarness.StartAsync();
        var id = await h.ImportAsync(Layer("f", "x"), "example.com/app:7", null, message: "imported");
        var image = await h.Service.InspectAsync("example.com/app:7", Ct);
        Assert.Equal(id, image.Id);
        Assert.Equal("imported", Assert.Single(image.Config.History!).Comment);
        Assert.Equal("imported", image.Config.Comment);
    }

    [Fact]
    public async Task Import_accepts_healthchecks()
    {
        using var h = await ImageHarness.StartAsync();
        await h.ImportAsync(Layer("f", "x"), "hc", null, ["HEALTHCHECK --interval=5s --retries=3 CMD true"]);
        var health = (await h.Service.InspectAsync("hc", Ct)).Config.Config!.Healthcheck!;
        Assert.Equal(["CMD-SHELL", "true"], health.Test);
        Assert.Equal((5_000_000_000L, 3), (health.Interval, health.Retries));
        await h.ImportAsync(Layer("f", "x"), "hc2", null, ["HEALTHCHECK CMD [\"/bin/check\", \"-q\"]"]);
        Assert.Equal(["CMD", "/bin/check", "-q"], (await h.Service.InspectAsync("hc2", Ct)).Config.Config!.Healthcheck!.Test);
        await h.ImportAsync(Layer("f", "x"), "hc3", null, ["HEALTHCHECK NONE"]);
        Assert.Equal(["NONE"], (await h.Service.InspectAsync("hc3", Ct)).Config.Config!.Healthcheck!.Test);
    }

    [Theory]
    [InlineData("FROM busybox", "from is not a valid change command")]
    [InlineData("RUN true", "run is not a valid change command")]
    [InlineData("EXPOSE 99999", "Invalid containerPort: 99999")]
    public async Task Import_rejects_unknown_changes_before_storing_anything(string change, string message)
    {
        using var h = await ImageHarness.StartAsync();
        var e = await Assert.ThrowsAsync<EngineException>(() => h.ImportAsync(Layer("f", "x"), "app", null, [change]));
        Assert.Equal((ErrorKind.InvalidArgument, message), (e.Kind, e.Message));
        Assert.Empty(h.Files("content/sha256"));
    }

    [Fact]
    public async Task Save_writes_the_legacy_layout_and_load_gives_back_the_same_image()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var l2 = Layer("b.txt", "bravo");
        var config = Config([l1, l2]);
        await h.LoadAsync(DockerArchive([(config, ["app:1", "app:2", "other:1"], [l1, l2])]));
        var id = "sha256:" + Sha(config);

        var archive = await h.Service.ExportAsync(["app"], Ct);
        using var output = new MemoryStream();
        await archive.WriteToAsync(output, Ct);
        var entries = ReadTar(output.ToArray());

        var manifest = JsonDocument.Parse(entries["manifest.json"]).RootElement;
        var entry = Assert.Single(manifest.EnumerateArray().ToList());
        Assert.Equal(Sha(config) + ".json", entry.GetProperty("Config").GetString());
        Assert.Equal(["app:1", "app:2"], entry.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        var layers = entry.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, layers.Count);
        Assert.Equal(l1, entries[layers[0]]);
        Assert.Equal(l2, entries[layers[1]]);
        var top = layers[1].Split('/')[0];
        Assert.Equal("1.0", Encoding.UTF8.GetString(entries[top + "/VERSION"]));
        Assert.Equal(layers[0].Split('/')[0], JsonDocument.Parse(entries[top + "/json"]).RootElement.GetProperty("parent").GetString());
        Assert.Equal(config, entries[Sha(config) + ".json"]);
        var repositories = JsonDocument.Parse(entries["repositories"]).RootElement;
        Assert.Equal(top, repositories.GetProperty("app").GetProperty("1").GetString());
        Assert.Equal(["load", "save"], h.Events.Events.Select(e => e.Action));

        await h.Service.DeleteAsync(id, force: true, noPrune: false, Ct);
        Assert.Empty(h.Files("overlay2"));
        var messages = await h.LoadAsync(output.ToArray(), quiet: true);
        Assert.Equal(["Loaded image: app:1\n", "Loaded image: app:2\n"], messages.Select(m => m.Stream));
        Assert.Equal(id, (await h.Service.InspectAsync("app:2", Ct)).Id.ToString());
    }

    [Fact]
    public async Task Save_by_id_has_no_tags_and_by_tag_only_that_tag()
    {
        using var h = await ImageHarness.StartAsync();
        var l1 = Layer("a.txt", "alpha");
        var config = Config([l1]);
        await h.LoadAsync(DockerArchive([(config, ["app:1", "app:2"], [l1])]));

        async Task<JsonElement> ManifestOf(params string[] names)
        {
            using var output = new MemoryStream();
            await (await h.Service.ExportAsync(names, Ct)).WriteToAsync(output, Ct);
            return JsonDocument.Parse(ReadTar(output.ToArray())["manifest.json"]).RootElement[0];
        }

        Assert.False((await ManifestOf(Sha(config)[..12])).TryGetProperty("RepoTags", out _));
        Assert.False((await ManifestOf("sha256:" + Sha(config))).TryGetProperty("RepoTags", out _));
        Assert.Equal(["app:2"], (await ManifestOf("app:2")).GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("reference does not exist", (await Assert.ThrowsAsync<EngineException>(() => h.Service.ExportAsync(["app:9"], Ct))).Message);
        Assert.Equal("No such image: nope", (await Assert.ThrowsAsync<EngineException>(() => h.Service.ExportAsync(["nope"], Ct))).Message);
    }

    static Dictionary<string, byte[]> ReadTar(byte[] tar)
    {
        var result = new Dictionary<string, byte[]>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } e)
        {
            if (e.EntryType == TarEntryType.Directory) continue;
            using var ms = new MemoryStream();
            e.DataStream?.CopyTo(ms);
            result[e.Name] = ms.ToArray();
        }
        return result;
    }
}
