using System.Formats.Tar;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Engine.Linux.Layers;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Tests.Layers;

public sealed class TarLayerApplierTests : IDisposable
{
    readonly TempDir _temp = new();
    readonly string _target;
    readonly string _outside;

    public TarLayerApplierTests()
    {
        _target = _temp.Combine("layer");
        _outside = _temp.Combine("outside");
        Directory.CreateDirectory(_outside);
    }

    public void Dispose() => _temp.Dispose();

    static TarLayerApplier Applier(bool? privileged = null) =>
        new(NullLogger.Instance, privileged ?? Environment.IsPrivilegedProcess);

    Task<long> ApplyAsync(TarBuilder tar, bool? privileged = null) =>
        Applier(privileged).ApplyAsync(tar.Build(), _target, CancellationToken.None);

    string At(string relative) => Path.Combine(_target, relative);

    [Fact]
    public async Task Unpacks_files_and_directories_and_returns_the_content_size()
    {
        var size = await ApplyAsync(new TarBuilder()
            .Dir("etc/")
            .File("etc/hostname", "wharf\n")
            .File("usr/bin/tool", "#!/bin/sh\n", mode: (UnixFileMode)0b111_101_101)   // parent not in the tar: created
            .File("/abs/file", "x"));                                                    // leading / is dropped, as Docker does

        Assert.Equal(6 + 10 + 1, size);
        Assert.Equal("wharf\n", File.ReadAllText(At("etc/hostname")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(At("usr/bin/tool")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(At("etc/hostname")));
        Assert.True(File.Exists(At("abs/file")));
    }

    [Fact]
    public async Task Keeps_setuid_setgid_and_sticky_bits()
    {
        await ApplyAsync(new TarBuilder()
            .File("bin/su", "su", mode: UnixFileMode.SetUser | (UnixFileMode)0b111_101_101)
            .File("bin/wall", "wall", mode: UnixFileMode.SetGroup | (UnixFileMode)0b111_101_101)
            .Dir("tmp/", mode: UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111));

        Assert.Equal(UnixFileMode.SetUser | (UnixFileMode)0b111_101_101, File.GetUnixFileMode(At("bin/su")));
        Assert.Equal(UnixFileMode.SetGroup | (UnixFileMode)0b111_101_101, File.GetUnixFileMode(At("bin/wall")));
        Assert.Equal(UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111, File.GetUnixFileMode(At("tmp")));
    }

    [Fact]
    public async Task Sets_times_on_files_symlinks_and_directories_after_their_contents()
    {
        var dirTime = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        await ApplyAsync(new TarBuilder()
            .Dir("d/", time: dirTime)
            .File("d/f", "x", time: TarBuilder.Time)
            .Symlink("d/l", "f", time: new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(TarBuilder.Time.ToUnixTimeSeconds(), FileStat.Of(At("d/f")).MtimeSeconds);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), FileStat.Of(At("d/l")).MtimeSeconds);
        var dir = FileStat.Of(At("d"));
        Assert.Equal(dirTime.ToUnixTimeSeconds(), dir.MtimeSeconds);
        Assert.Equal(123456700, dir.MtimeNanos);   // PAX keeps sub-second times
    }

    [Fact]
    public async Task Creates_symlinks_without_following_them()
    {
        await ApplyAsync(new TarBuilder()
            .File("bin/busybox", "bb")
            .Symlink("bin/sh", "busybox")
            .Symlink("bin/abs", "/bin/busybox")
            .Symlink("dangling", "nowhere/at/all"));

        Assert.Equal("busybox", new FileInfo(At("bin/sh")).LinkTarget);
        Assert.Equal("/bin/busybox", new FileInfo(At("bin/abs")).LinkTarget);
        Assert.Equal("nowhere/at/all", new FileInfo(At("dangling")).LinkTarget);
    }

    [Fact]
    public async Task Follows_a_relative_symlink_that_stays_inside_when_it_is_a_parent()
    {
        await ApplyAsync(new TarBuilder()
            .Dir("usr/lib/")
            .Symlink("lib", "usr/lib")
            .File("lib/libc.so", "elf"));

        Assert.Equal("elf", File.ReadAllText(At("usr/lib/libc.so")));
        Assert.Equal("usr/lib", new FileInfo(At("lib")).LinkTarget);
    }

    [Fact]
    public async Task Hard_links_share_the_inode_of_an_earlier_entry()
    {
        await ApplyAsync(new TarBuilder()
            .File("bin/busybox", "bb")
            .Hardlink("bin/ls", "bin/busybox")
            .Hardlink("sbin/init", "/bin/busybox"));

        Assert.Equal(FileStat.Of(At("bin/busybox")).Inode, FileStat.Of(At("bin/ls")).Inode);
        Assert.Equal(FileStat.Of(At("bin/busybox")).Inode, FileStat.Of(At("sbin/init")).Inode);
    }

    [Fact]
    public async Task Makes_fifos_without_root()
    {
        await ApplyAsync(new TarBuilder().Device(TarEntryType.Fifo, "run/pipe", 0, 0, (UnixFileMode)0b110_100_000));

        Assert.Equal("fifo", FileStat.Of(At("run/pipe")).Type);
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(At("run/pipe")));
    }

    [RootFact]
    public async Task Makes_device_nodes_as_root()
    {
        await ApplyAsync(new TarBuilder()
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .Device(TarEntryType.BlockDevice, "dev/loop0", 7, 0));

        var chr = FileStat.Of(At("dev/null"));
        Assert.Equal(("character special file", 1, 3), (chr.Type, chr.Major, chr.Minor));
        var blk = FileStat.Of(At("dev/loop0"));
        Assert.Equal(("block special file", 7, 0), (blk.Type, blk.Major, blk.Minor));
    }

    [Fact]
    public async Task Skips_device_nodes_when_not_root()
    {
        var size = await ApplyAsync(new TarBuilder()
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .File("dev/keep", "k"), privileged: false);

        Assert.False(File.Exists(At("dev/null")));
        Assert.True(File.Exists(At("dev/keep")));
        Assert.Equal(1, size);
    }

    [RootFact]
    public async Task Sets_owners_as_root()
    {
        await ApplyAsync(new TarBuilder()
            .File("home/u/f", "x", uid: 1234, gid: 5678)
            .Symlink("home/u/l", "f")
            .File("bin/su", "su", mode: UnixFileMode.SetUser | (UnixFileMode)0b111_101_101, uid: 1234, gid: 5678));

        var file = FileStat.Of(At("home/u/f"));
        Assert.Equal((1234, 5678), (file.Uid, file.Gid));
        var link = FileStat.Of(At("home/u/l"));
        Assert.Equal((0, 0), (link.Uid, link.Gid));
        // chown clears setuid: the mode must have been applied after it.
        Assert.Equal(UnixFileMode.SetUser | (UnixFileMode)0b111_101_101, File.GetUnixFileMode(At("bin/su")));
    }

    [Fact]
    public async Task Whiteouts_become_0_0_character_devices_and_replace_what_the_layer_had()
    {
        await ApplyAsync(new TarBuilder()
            .File("etc/gone", "x")
            .File("etc/.wh.gone", "")
            .File("etc/.wh.never-existed", ""));

        foreach (var name in new[] { "etc/gone", "etc/never-existed" })
        {
            var stat = FileStat.Of(At(name));
            Assert.Equal(("character special file", 0, 0), (stat.Type, stat.Major, stat.Minor));
        }
        Assert.False(File.Exists(At("etc/.wh.gone")));
    }

    [RootFact]
    public async Task Opaque_directories_get_the_trusted_overlay_xattr()
    {
        await ApplyAsync(new TarBuilder().Dir("var/").File("var/.wh..wh..opq", "").File("var/new", "n"));

        Assert.Equal("y"u8.ToArray(), NativeMethods.Lgetxattr(At("var"), "trusted.overlay.opaque"));
        Assert.False(File.Exists(At("var/.wh..wh..opq")));
        Assert.True(File.Exists(At("var/new")));
    }

    [Fact]
    public async Task Opaque_directories_get_the_user_overlay_xattr_when_not_root()
    {
        await ApplyAsync(new TarBuilder().File("var/.wh..wh..opq", ""), privileged: false);

        Assert.Equal("y"u8.ToArray(), NativeMethods.Lgetxattr(At("var"), "user.overlay.opaque"));
    }

    [Fact]
    public async Task Applies_pax_xattrs()
    {
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.user.wharf"] = "hello" };
        await ApplyAsync(new TarBuilder().File("f", "x", pax: pax));

        Assert.Equal(Encoding.UTF8.GetBytes("hello"), NativeMethods.Lgetxattr(At("f"), "user.wharf"));
    }

    [Fact]
    public async Task Leaves_out_a_binary_xattr_value_rather_than_corrupting_it()
    {
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.user.bin"] = "\u00e9\u00e9", ["SCHILY.xattr.user.text"] = "ok" };
        var bytes = new TarBuilder().File("f", "x", pax: pax).Build().ToArray();
        // Same length, so the PAX record stays valid: é é (c3 a9 c3 a9) becomes bytes that are not UTF-8.
        var at = bytes.AsSpan().IndexOf(new byte[] { 0xc3, 0xa9, 0xc3, 0xa9 });
        new byte[] { 0x01, 0x80, 0xff, 0x02 }.CopyTo(bytes, at);

        await Applier().ApplyAsync(new MemoryStream(bytes), _target, CancellationToken.None);

        Assert.Null(NativeMethods.Lgetxattr(At("f"), "user.bin"));
        Assert.Equal("ok"u8.ToArray(), NativeMethods.Lgetxattr(At("f"), "user.text"));
    }

    [RootFact]
    public async Task Applies_trusted_xattrs_as_root()
    {
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.trusted.wharf"] = "t" };
        await ApplyAsync(new TarBuilder().File("f", "x", pax: pax));

        Assert.Equal("t"u8.ToArray(), NativeMethods.Lgetxattr(At("f"), "trusted.wharf"));
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.V7)]
    public async Task Reads_long_names_and_link_names_in_every_format(TarEntryFormat format)
    {
        // ustar splits long names into prefix + name (at most 255 bytes); PAX and GNU have no limit; V7 only 100.
        var dir = format == TarEntryFormat.V7 ? "short" : string.Join('/', Enumerable.Repeat("directory-name-0123456789", 6));
        var limit = format is TarEntryFormat.Pax or TarEntryFormat.Gnu;
        var file = dir + "/" + (limit ? new string('f', 150) : "file");
        var link = dir + "/link";
        var tar = new TarBuilder(format).File(file, "long");
        if (format != TarEntryFormat.V7 || link.Length < 100) tar.Symlink(link, limit ? new string('f', 150) : "file");
        await ApplyAsync(tar);

        Assert.Equal("long", File.ReadAllText(At(file)));
        Assert.Equal("long", File.ReadAllText(At(link)));
    }

    [Fact]
    public async Task Replaces_what_an_earlier_entry_left_at_a_path()
    {
        await ApplyAsync(new TarBuilder()
            .File("a", "file first")
            .Dir("a/")                    // a file replaced by a directory
            .File("a/inner", "i")
            .Dir("b/")
            .File("b/inner", "i")
            .File("b", "dir replaced")    // a directory (and its contents) replaced by a file
            .Symlink("c", "b")
            .File("c", "not through"));   // a symlink replaced, never written through

        Assert.True(Directory.Exists(At("a")));
        Assert.Equal("dir replaced", File.ReadAllText(At("b")));
        Assert.Null(new FileInfo(At("c")).LinkTarget);
        Assert.Equal("not through", File.ReadAllText(At("c")));
        Assert.Equal("dir replaced", File.ReadAllText(At("b")));
    }

    [Fact]
    public async Task Merges_a_directory_entry_into_an_existing_directory()
    {
        await ApplyAsync(new TarBuilder().File("d/one", "1").Dir("d/", mode: (UnixFileMode)0b111_000_000).File("d/two", "2"));

        Assert.True(File.Exists(At("d/one")));
        Assert.True(File.Exists(At("d/two")));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(At("d")));
    }

    [Fact]
    public async Task The_last_entry_for_a_directory_sets_its_metadata_and_a_replaced_directory_keeps_none()
    {
        var later = new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await ApplyAsync(new TarBuilder()
            .Dir("d/", mode: (UnixFileMode)0b111_000_000)
            .Dir("d/", mode: (UnixFileMode)0b111_101_000, time: later)
            .Dir("gone/", mode: (UnixFileMode)0b111_111_111)
            .File("gone", "now a file", mode: (UnixFileMode)0b110_000_000));

        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(At("d")));
        Assert.Equal(later.ToUnixTimeSeconds(), FileStat.Of(At("d")).MtimeSeconds);
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(At("gone")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("./../outside/x")]
    public async Task Refuses_names_that_climb_out(string name)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder().File(name, "pwned")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("escapes the layer directory", e.Message);
        AssertNothingOutside();
    }

    [Fact]
    public async Task Refuses_a_symlink_that_points_outside_and_a_file_written_through_it()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder()
            .Symlink("evil", "../outside")
            .File("evil/pwned", "pwned")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("invalid symlink \"evil\" -> \"../outside\"", e.Message);
        AssertNothingOutside();
    }

    [Fact]
    public async Task Refuses_to_write_through_an_escaping_symlink_already_in_the_target()
    {
        Directory.CreateDirectory(_target);
        File.CreateSymbolicLink(At("evil"), "../outside");

        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder().File("evil/pwned", "pwned")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("escapes the layer directory", e.Message);
        AssertNothingOutside();
    }

    [Fact]
    public async Task Refuses_to_traverse_an_absolute_symlink()
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder()
            .Symlink("abs", _outside)
            .File("abs/pwned", "pwned")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("refusing to follow symlink \"abs\"", e.Message);
        AssertNothingOutside();
    }

    [Fact]
    public async Task Refuses_a_chain_of_symlinks_that_escapes_only_once_resolved()
    {
        // Each link passes the lexical check on its own; only resolving them one after the other shows a/b = root/..
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder()
            .Symlink("a/up", "..")
            .Symlink("a/b", "up/..")
            .File("a/b/pwned", "pwned")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("escapes the layer directory", e.Message);
        AssertNothingOutside();
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("etc/passwd")]
    public async Task Refuses_hard_links_to_anything_but_an_earlier_entry(string target)
    {
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder().Hardlink("passwd", target)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("invalid hardlink", e.Message);
        Assert.False(File.Exists(At("passwd")));
    }

    [Fact]
    public async Task Refuses_a_hard_link_whose_target_path_goes_through_a_symlink_out()
    {
        Directory.CreateDirectory(_target);
        File.WriteAllText(Path.Combine(_outside, "secret"), "s");
        var e = await Assert.ThrowsAsync<EngineException>(() => ApplyAsync(new TarBuilder()
            .File("x/secret", "decoy")
            .Symlink("y", _outside)
            .Hardlink("stolen", "y/secret")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(File.Exists(At("stolen")));
    }

    [Fact]
    public async Task Skips_a_global_pax_header_as_git_archive_writes_it()
    {
        var tar = new TarBuilder()
            .Add(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "0123abcd" }))
            .File("f", "x");

        Assert.Equal(1, await ApplyAsync(tar));
        Assert.Equal(["f"], Directory.EnumerateFileSystemEntries(_target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Refuses_sparse_files_rather_than_unpacking_them_wrong()
    {
        // TarWriter will not write a sparse entry: write a regular one and turn its type flag into 'S' by hand.
        var bytes = new TarBuilder(TarEntryFormat.Gnu).File("s", "x").Build().ToArray();
        bytes[156] = (byte)'S';
        "        "u8.CopyTo(bytes.AsSpan(148, 8));
        var sum = bytes.AsSpan(0, 512).ToArray().Sum(b => b);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);

        var e = await Assert.ThrowsAsync<EngineException>(() => Applier().ApplyAsync(new MemoryStream(bytes), _target, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("invalid layer tar: ", e.Message);
        Assert.False(File.Exists(At("s")));
    }

    [Fact]
    public async Task Rejects_a_truncated_tar()
    {
        var bytes = new TarBuilder().File("f", new string('x', 2000)).Build().ToArray();
        var e = await Assert.ThrowsAsync<EngineException>(() =>
            Applier().ApplyAsync(new MemoryStream(bytes[..700]), _target, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    void AssertNothingOutside()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
        var siblings = Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order();
        Assert.Equal(["layer", "outside"], siblings);
    }
}
