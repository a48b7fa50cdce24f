using Wharf.Engine.Containers.Archive;

namespace Wharf.Engine.Tests.Archive;

public sealed class ScopedPathTests
{
    // A container tree's links: container path -> target.
    static readonly Dictionary<string, string> Links = new(StringComparer.Ordinal)
    {
        ["/etc/pw"] = "/etc/passwd",
        ["/tmp/up"] = "../../../../../etc/shadow",
        ["/tmp/root"] = "/",
        ["/tmp/rel"] = "sub/file",
        ["/var/run"] = "/run",
        ["/loop/a"] = "/loop/b",
        ["/loop/b"] = "/loop/a",
    };

    static string Resolve(string path, bool followFinal = false) => ScopedPath.Resolve(path, p => Links.GetValueOrDefault(p), followFinal);

    [Theory]
    [InlineData("/etc/hostname", "/etc/hostname")]
    [InlineData("etc/hostname", "/etc/hostname")]
    [InlineData("/../../..", "/")]
    [InlineData("/a/../../b/./c", "/b/c")]
    [InlineData("/tmp/", "/tmp")]
    [InlineData("/", "/")]
    public void Cleans_and_never_climbs_above_the_root(string path, string expected) => Assert.Equal(expected, Resolve(path));

    [Fact]
    public void The_last_link_is_kept_unless_asked_to_follow()
    {
        Assert.Equal("/etc/pw", Resolve("/etc/pw"));
        Assert.Equal("/etc/passwd", Resolve("/etc/pw", followFinal: true));
        // A trailing slash or /. means the link's target (a directory's contents).
        Assert.Equal("/", Resolve("/tmp/root/"));
        Assert.Equal("/", Resolve("/tmp/root/."));
    }

    [Fact]
    public void Links_resolve_with_the_root_as_slash()
    {
        Assert.Equal("/etc/shadow", Resolve("/tmp/up", followFinal: true));
        Assert.Equal("/etc/passwd", Resolve("/tmp/root/etc/passwd"));
        Assert.Equal("/run/lock", Resolve("/var/run/lock"));
        Assert.Equal("/tmp/sub/file", Resolve("/tmp/rel", followFinal: true));
        Assert.Equal("/etc/x", Resolve("/tmp/root/../../etc/x"));
    }

    [Fact]
    public void A_link_loop_is_an_error()
    {
        var e = Assert.Throws<EngineException>(() => Resolve("/loop/a", followFinal: true));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Host_paths_stay_under_the_root_on_a_real_tree()
    {
        var root = Directory.CreateTempSubdirectory("wharf-scoped-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "etc"));
            File.CreateSymbolicLink(Path.Combine(root.FullName, "escape"), "/../../etc");
            var resolved = ScopedPath.Resolve("/escape/passwd", ScopedPath.LinkReader(root.FullName), followFinal: true);
            Assert.Equal("/etc/passwd", resolved);
            Assert.Equal(Path.Combine(root.FullName, "etc/passwd"), ScopedPath.HostPath(root.FullName, resolved));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("/tmp/", "tmp")]
    [InlineData("/tmp/.", ".")]
    [InlineData("/", "/")]
    [InlineData("/etc/hostname", "hostname")]
    public void Base_is_gos(string path, string expected) => Assert.Equal(expected, ScopedPath.Base(path));

    [Fact]
    public void Tar_names_that_climb_above_the_extraction_point_are_refused()
    {
        Assert.Null(ScopedPath.RelativeParts("../x"));
        Assert.Null(ScopedPath.RelativeParts("a/../../x"));
        Assert.Equal(["a", "x"], ScopedPath.RelativeParts("./a/b/../x"));
        Assert.Empty(ScopedPath.RelativeParts("./")!);
    }
}
