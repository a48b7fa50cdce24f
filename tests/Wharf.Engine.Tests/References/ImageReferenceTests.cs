using Wharf.Engine.References;

namespace Wharf.Engine.Tests.References;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox", "busybox")]
    [InlineData("busybox:latest", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("library/busybox", "docker.io/library/busybox", "busybox")]
    [InlineData("docker.io/library/busybox:latest", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io/library/busybox", "busybox")]
    [InlineData("user/app:1.0", "docker.io/user/app:1.0", "user/app:1.0")]
    [InlineData("host:5000/a/b:tag", "host:5000/a/b:tag", "host:5000/a/b:tag")]
    [InlineData("127.0.0.1:15000/gtcap/bb:1", "127.0.0.1:15000/gtcap/bb:1", "127.0.0.1:15000/gtcap/bb:1")]
    [InlineData("localhost/x", "localhost/x", "localhost/x")]
    [InlineData("a.b/c", "a.b/c", "a.b/c")]
    [InlineData("docker.io/library/a/b", "docker.io/library/a/b", "library/a/b")]
    [InlineData("my_app-1.x__y", "docker.io/library/my_app-1.x__y", "my_app-1.x__y")]
    public void Normalises_and_shows_the_familiar_form(string input, string normalised, string familiar)
    {
        var r = ImageReference.ParseNormalized(input);
        Assert.Equal(normalised, r.ToString());
        Assert.Equal(familiar, r.FamiliarString);
    }

    [Fact]
    public void Digest_references_keep_tag_and_digest()
    {
        var hex = new string('0', 64);
        var r = ImageReference.ParseNormalized($"busybox:1@sha256:{hex}");
        Assert.Equal("1", r.Tag);
        Assert.Equal($"sha256:{hex}", r.Digest);
        Assert.Equal($"busybox:1@sha256:{hex}", r.FamiliarString);
        var d = ImageReference.ParseNormalized($"host:5000/x@sha256:{hex}");
        Assert.Null(d.Tag);
        Assert.Equal($"host:5000/x@sha256:{hex}", d.ToString());
        Assert.False(d.IsNameOnly);
    }

    [Fact]
    public void Default_tag_is_latest_only_for_bare_names()
    {
        Assert.Equal("busybox:latest", ImageReference.ParseNormalized("busybox").WithDefaultTag().FamiliarString);
        Assert.Equal("busybox:1", ImageReference.ParseNormalized("busybox:1").WithDefaultTag().FamiliarString);
    }

    [Theory]
    [InlineData("Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    [InlineData("library/Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    [InlineData("a b", "invalid reference format")]
    [InlineData("busybox:", "invalid reference format")]
    [InlineData("-busybox", "invalid reference format")]
    [InlineData("busybox:-tag", "invalid reference format")]
    [InlineData("host:5000/", "invalid reference format")]
    [InlineData("", "invalid reference format")]
    [InlineData("busybox@sha256:abc", "invalid reference format")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "invalid repository name (0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), cannot specify 64-byte hexadecimal strings")]
    public void Rejects_invalid_names_with_dockers_messages(string input, string message)
    {
        var e = Assert.Throws<EngineException>(() => ImageReference.ParseNormalized(input));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Rejects_overlong_tags_and_names()
    {
        Assert.Throws<EngineException>(() => ImageReference.ParseNormalized("busybox:" + new string('t', 129)));
        var e = Assert.Throws<EngineException>(() => ImageReference.ParseNormalized("a/" + new string('b', 260)));
        Assert.Equal("repository name must not be more than 255 characters", e.Message);
        Assert.Equal("invalid tag format", Assert.Throws<EngineException>(() => ImageReference.ParseNormalized("busybox").WithTag("a b")).Message);
    }

    [Theory]
    [InlineData("busy*", "busybox:latest", true)]
    [InlineData("busybox", "busybox:latest", true)]
    [InlineData("busybox:1*", "busybox:latest", false)]
    [InlineData("*:latest", "busybox:latest", true)]
    [InlineData("*", "user/app:1", false)]
    [InlineData("*/*", "user/app:1", true)]
    [InlineData("user/ap?", "user/app:1", true)]
    [InlineData("[a-c]usybox", "busybox:latest", true)]
    [InlineData("[^b]usybox", "busybox:latest", false)]
    [InlineData("host:5000/a/*", "host:5000/a/b:tag", true)]
    public void Reference_filter_globs_like_path_Match(string pattern, string reference, bool expected) =>
        Assert.Equal(expected, ReferencePattern.FamiliarMatch(pattern, ImageReference.ParseNormalized(reference)));
}
