using Wharf.Server.Security;
using Wharf.Testing;

namespace Wharf.Server.Tests.Security;

/// <summary>Host paths resolved as the kernel walks them, and the "inside" test that compares whole components.</summary>
public sealed class HostPathsTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Dots_apply_to_the_resolved_parent_of_a_symlink()
    {
        var real = Path.Combine(_dir.Path, "a", "b");
        Directory.CreateDirectory(real);
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "link"), real);
        // Lexically link/.. is the temp dir; the kernel goes to a/.
        Assert.Equal(Path.Combine(_dir.Path, "a"), HostPaths.Resolve(Path.Combine(_dir.Path, "link") + "/.."));
        Assert.Equal(real, HostPaths.Resolve(Path.Combine(_dir.Path, "link")));
    }

    [Fact]
    public void Relative_links_resolve_from_their_directory_and_missing_parts_stay_as_written()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "x"));
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "x", "rel"), "../y");
        Assert.Equal(Path.Combine(_dir.Path, "y", "z"), HostPaths.Resolve(Path.Combine(_dir.Path, "x", "rel", "z")));
        Assert.Equal("/", HostPaths.Resolve("/../../"));
        Assert.Equal("/no/such", HostPaths.Resolve("//no/./such/"));
    }

    [Fact]
    public void A_symlink_loop_is_an_error()
    {
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "b"), "a");
        Assert.Throws<IOException>(() => HostPaths.Resolve(Path.Combine(_dir.Path, "a")));
    }

    [Theory]
    [InlineData("/srv/data", "/srv/data", true)]
    [InlineData("/srv/data/x", "/srv/data", true)]
    [InlineData("/srv/database", "/srv/data", false)]
    [InlineData("/srv", "/srv/data", false)]
    [InlineData("/etc", "/", true)]
    public void Inside_compares_whole_components(string path, string root, bool expected) =>
        Assert.Equal(expected, HostPaths.IsWithin(path, root));
}
