using Wharf.Client;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>
/// kill -9 of wharfd in the middle of a load: after a restart no half image is listed, the images from before are
/// intact, and a prune leaves no blob or layer directory that was not there before the load began.
/// </summary>
public sealed class CrashSafetyTests
{
    const long BigFileSize = 200L << 20;
    const long PauseAfter = 120L << 20;

    [RootFact]
    public async Task Kill_9_during_a_load_leaves_no_half_image_and_no_orphans()
    {
        await using var daemon = new WharfdFixture();
        await daemon.StartAsync();
        using var temp = new TempDir();
        var baseId = await Busybox.ImportAsync(daemon.Client, "base", "1", "CMD [\"sh\"]");
        var blobsBefore = Entries(daemon.DataRoot, "content/sha256");
        var layersBefore = Entries(daemon.DataRoot, "overlay2");
        var bytesBefore = FileBytes(daemon.DataRoot);
        Assert.NotEmpty(blobsBefore);
        Assert.NotEmpty(layersBefore);

        var bigLayer = temp.File("big-layer.tar");
        await DockerArchive.WriteBigLayerAsync(bigLayer, "big.bin", BigFileSize);
        var archive = temp.File("big.tar");
        var big = await DockerArchive.WriteAsync(archive, [await BusyboxRootfs.GetAsync(), bigLayer], ["half:1"]);
        File.Delete(bigLayer);

        using var upload = new GatedStream(File.OpenRead(archive), PauseAfter);
        var load = Task.Run(async () =>
        {
            await foreach (var _ in daemon.Client.Images.LoadAsync(upload)) { }
        });
        var first = await Task.WhenAny(upload.Paused, load).WaitAsync(TimeSpan.FromMinutes(3));
        if (first == load)
        {
            await load; // surfaces the daemon's error, if any
            Assert.Fail("the load finished before the daemon had read 120 MB of a 200+ MB archive");
        }

        // Kill only once the daemon has put most of what it received on disk: the interesting crash leaves partial files.
        await WaitForAsync(() => FileBytes(daemon.DataRoot) >= bytesBefore + (100L << 20), TimeSpan.FromSeconds(60),
                           "the daemon did not write 100 MB of the upload under its data root");
        await daemon.KillAsync();
        upload.Fail();
        await Assert.ThrowsAnyAsync<Exception>(() => load);
        await daemon.StartAsync();

        var images = await daemon.Client.Images.ListAsync(all: true);
        Assert.DoesNotContain(images, i => i.Id == big.ImageId);
        Assert.DoesNotContain(images, i => i.RepoTags?.Contains("half:1") == true);
        Assert.Equal(404, (await Assert.ThrowsAsync<WharfApiException>(() => daemon.Client.Images.InspectAsync("half:1"))).StatusCode);
        Assert.Equal(baseId, (await daemon.Client.Images.InspectAsync("base:1")).Id);

        await daemon.Client.Images.PruneAsync();

        Assert.Equal(blobsBefore, Entries(daemon.DataRoot, "content/sha256"));
        Assert.Equal(layersBefore, Entries(daemon.DataRoot, "overlay2"));
        Assert.DoesNotContain(big.DiffIds[1]["sha256:".Length..], Entries(daemon.DataRoot, "content/sha256"));
        Assert.Equal(baseId, (await daemon.Client.Images.InspectAsync("base:1")).Id);
        // Nothing of the half load is left anywhere under the data root, not only in the two stores.
        var leftover = FileBytes(daemon.DataRoot) - bytesBefore;
        Assert.True(leftover < (1L << 20), $"{leftover} bytes more under the data root than before the load");
    }

    /// <summary>Bytes of all files under the data root but the SQLite database, whose WAL grows and shrinks on its own.</summary>
    static long FileBytes(string dataRoot)
    {
        if (!Directory.Exists(dataRoot)) return 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(dataRoot).EnumerateFiles("*", options)
            .Where(f => !f.Name.StartsWith("wharf.db", StringComparison.Ordinal))
            .Sum(f => f.Length);
    }

    static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(failure);
            await Task.Delay(50);
        }
    }

    static List<string> Entries(string dataRoot, string relative)
    {
        var dir = Path.Combine(dataRoot, relative);
        return Directory.Exists(dir)
            ? [.. Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)]
            : [];
    }
}
