using System.Formats.Tar;
using Wharf.Testing.Daemon;

namespace Wharf.Integration.Tests;

/// <summary>scripts/busybox-rootfs.sh: a complete, deterministic rootfs (no daemon, no root needed).</summary>
public sealed class BusyboxRootfsTests
{
    [Fact]
    public async Task The_rootfs_has_busybox_its_applets_and_the_base_files()
    {
        var entries = ReadEntries(await BusyboxRootfs.GetAsync());

        var busybox = entries["bin/busybox"];
        Assert.Equal(TarEntryType.RegularFile, busybox.EntryType);
        Assert.True(busybox.Length > 1_000_000);
        Assert.Equal("/bin/busybox", entries["bin/sh"].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries["bin/sh"].EntryType);
        Assert.Equal("/bin/busybox", entries["bin/ls"].LinkName);
        Assert.True(entries.Values.Count(e => e.EntryType == TarEntryType.SymbolicLink) > 200, "fewer than 200 applet links");
        Assert.Equal((UnixFileMode)Convert.ToInt32("1777", 8), entries["tmp"].Mode);
        Assert.Equal(TarEntryType.Directory, entries["root"].EntryType);
        Assert.All(entries.Values, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.All(entries.Values, e => Assert.Equal(entries["bin/busybox"].ModificationTime, e.ModificationTime));
        Assert.Equal(entries.Keys.Order(StringComparer.Ordinal), entries.Keys);
    }

    [Fact]
    public async Task Passwd_and_group_know_root_and_nobody()
    {
        var path = await BusyboxRootfs.GetAsync();

        var passwd = ReadText(path, "etc/passwd");
        var group = ReadText(path, "etc/group");

        Assert.StartsWith("root:x:0:0:root:/root:/bin/sh\n", passwd);
        Assert.Contains("\nnobody:x:65534:65534:", passwd);
        Assert.StartsWith("root:x:0:\n", group);
        Assert.Contains("\nnogroup:x:65534:", group);
    }

    [Fact]
    public async Task Two_builds_are_byte_identical()
    {
        using var temp = new TempDir();
        var again = temp.File("again.tar");

        var run = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("busybox-rootfs.sh"), again]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(await DockerArchive.Sha256FileAsync(await BusyboxRootfs.GetAsync()), await DockerArchive.Sha256FileAsync(again));
    }

    static Dictionary<string, TarEntry> ReadEntries(string path)
    {
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        using var reader = new TarReader(File.OpenRead(path));
        while (reader.GetNextEntry(copyData: true) is { } e)
        {
            var name = e.Name.StartsWith("./", StringComparison.Ordinal) ? e.Name[2..] : e.Name;
            name = name.TrimEnd('/');
            if (name is "." or "") continue;
            entries.Add(name, e);
        }
        return entries;
    }

    static string ReadText(string path, string name)
    {
        using var reader = new TarReader(File.OpenRead(path));
        while (reader.GetNextEntry() is { } e)
            if (e.Name == "./" + name && e.DataStream is { } data) return new StreamReader(data).ReadToEnd();
        throw new Xunit.Sdk.XunitException($"{name} is missing from the rootfs");
    }
}
