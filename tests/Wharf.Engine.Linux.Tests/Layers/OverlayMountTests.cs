using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Linux.Layers;

namespace Wharf.Engine.Linux.Tests.Layers;

/// <summary>The kernel's overlayfs reads what the applier writes: whiteouts hide, opaque directories hide what is below.</summary>
public sealed class OverlayMountTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [RootFact]
    public async Task Overlayfs_honours_the_whiteouts_and_opaque_directories_of_applied_layers()
    {
        var applier = new TarLayerApplier(NullLogger.Instance, privileged: true);
        var lower = _temp.Combine("l1");
        var upper = _temp.Combine("l2");
        await applier.ApplyAsync(new TarBuilder().File("etc/gone", "g").File("etc/kept", "k").File("var/cache/old", "o").Build(), lower, CancellationToken.None);
        await applier.ApplyAsync(new TarBuilder().File("etc/.wh.gone", "").Dir("var/cache/").File("var/cache/.wh..wh..opq", "").File("var/cache/new", "n").Build(),
            upper, CancellationToken.None);
        var merged = _temp.Combine("merged");
        Directory.CreateDirectory(merged);
        Directory.CreateDirectory(_temp.Combine("work"));
        Directory.CreateDirectory(_temp.Combine("rw"));

        Run("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={upper}:{lower},upperdir={_temp.Combine("rw")},workdir={_temp.Combine("work")}", merged);
        try
        {
            Assert.False(File.Exists(Path.Combine(merged, "etc/gone")));
            Assert.Equal("k", File.ReadAllText(Path.Combine(merged, "etc/kept")));
            Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(Path.Combine(merged, "var/cache")).Select(Path.GetFileName));
        }
        finally
        {
            Run("umount", merged);
        }
    }

    static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }
}
