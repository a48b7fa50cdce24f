using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Tests.Layers;

/// <summary>Archives written by GNU tar itself (old-GNU and PAX with xattrs) unpack to the tree they came from.</summary>
public sealed class GnuTarCompatibilityTests : IDisposable
{
    static readonly DateTimeOffset Stamp = new(2020, 2, 3, 4, 5, 6, TimeSpan.Zero);

    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("oldgnu")]
    [InlineData("gnu")]
    [InlineData("posix")]
    public async Task Unpacks_what_gnu_tar_packed(string format)
    {
        var source = _temp.Combine("source");
        BuildTree(source);
        var archive = _temp.Combine("layer.tar");
        Run("tar", "--format=" + format, "--xattrs", "--xattrs-include=user.*", "--numeric-owner", "-C", source, "-cf", archive, ".");
        var target = _temp.Combine("target");

        long size;
        await using (var tar = File.OpenRead(archive))
            size = await new TarLayerApplier(NullLogger.Instance, Environment.IsPrivilegedProcess).ApplyAsync(tar, target, CancellationToken.None);

        Assert.Equal(5 + 300 + 2, size);
        foreach (var path in Directory.EnumerateFileSystemEntries(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, path);
            var copy = Path.Combine(target, relative);
            var (expected, actual) = (FileStat.Of(path), FileStat.Of(copy));
            Assert.True(expected.Type == actual.Type, $"{relative}: {expected.Type} became {actual.Type}");
            Assert.Equal(expected.MtimeSeconds, actual.MtimeSeconds);
            var link = new FileInfo(path).LinkTarget;
            Assert.Equal(link, new FileInfo(copy).LinkTarget);
            if (link is null) Assert.Equal(File.GetUnixFileMode(path), File.GetUnixFileMode(copy));
            if (expected.Type == "regular file") Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
        }
        Assert.Equal(FileStat.Of(Path.Combine(target, "bin/busybox")).Inode, FileStat.Of(Path.Combine(target, "bin/ls")).Inode);
        if (format == "posix") Assert.Equal("v"u8.ToArray(), NativeMethods.Lgetxattr(Path.Combine(target, "etc/conf"), "user.wharf"));
    }

    static void BuildTree(string root)
    {
        var longDir = Path.Combine(root, string.Join('/', Enumerable.Repeat("a-rather-long-directory-name", 10)));
        Directory.CreateDirectory(longDir);
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "run"));
        File.WriteAllText(Path.Combine(root, "bin/busybox"), "bb-v1");
        File.SetUnixFileMode(Path.Combine(root, "bin/busybox"), UnixFileMode.SetUser | (UnixFileMode)0b111_101_101);
        Run("ln", Path.Combine(root, "bin/busybox"), Path.Combine(root, "bin/ls"));
        File.CreateSymbolicLink(Path.Combine(root, "bin/sh"), "busybox");
        File.CreateSymbolicLink(Path.Combine(longDir, new string('l', 120)), "../" + new string('t', 140));
        File.WriteAllText(Path.Combine(longDir, new string('f', 180)), new string('x', 300));
        File.WriteAllText(Path.Combine(root, "etc/conf"), "c=");
        File.SetUnixFileMode(Path.Combine(root, "etc/conf"), (UnixFileMode)0b110_100_000);
        NativeMethods.Lsetxattr(Path.Combine(root, "etc/conf"), "user.wharf", "v"u8.ToArray());
        Run("mkfifo", "-m", "0620", Path.Combine(root, "run/fifo"));
        // Children first, so setting a file's time does not move its directory's afterwards.
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).OrderByDescending(p => p.Length))
            NativeMethods.SetTimesNoFollow(path, Stamp, Stamp);
    }

    static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
    }
}
