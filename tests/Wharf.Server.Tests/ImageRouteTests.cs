using Wharf.Server.Endpoints;

namespace Wharf.Server.Tests;

public sealed class ImageRouteTests
{
    [Theory]
    [InlineData("GET", "busybox/json", "Inspect", "busybox")]
    [InlineData("GET", "library/busybox:latest/json", "Inspect", "library/busybox:latest")]
    [InlineData("GET", "127.0.0.1:5000/a/b:1/json", "Inspect", "127.0.0.1:5000/a/b:1")]
    [InlineData("GET", "sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020/json", "Inspect", "sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020")]
    [InlineData("GET", "busybox@sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020/json", "Inspect", "busybox@sha256:2100e3c558b87b9a3a6a58e5f633807540056050d24decc2acf4a58db26e7020")]
    [InlineData("GET", "2100e3c558b8/history", "History", "2100e3c558b8")]
    [InlineData("GET", "busybox:latest/history", "History", "busybox:latest")]
    [InlineData("GET", "gtcap-commit:v1/get", "Export", "gtcap-commit:v1")]
    [InlineData("GET", "json/json", "Inspect", "json")]
    [InlineData("GET", "acme/json/json", "Inspect", "acme/json")]
    [InlineData("GET", "acme/history/history", "History", "acme/history")]
    [InlineData("GET", "acme/get/json", "Inspect", "acme/get")]
    [InlineData("POST", "busybox:latest/tag", "Tag", "busybox:latest")]
    [InlineData("POST", "127.0.0.1:15000/gtcap/bb/push", "Push", "127.0.0.1:15000/gtcap/bb")]
    [InlineData("POST", "acme/tag/tag", "Tag", "acme/tag")]
    [InlineData("DELETE", "busybox", "Delete", "busybox")]
    [InlineData("DELETE", "127.0.0.1:15000/gtcap/bb:1", "Delete", "127.0.0.1:15000/gtcap/bb:1")]
    [InlineData("DELETE", "acme/json", "Delete", "acme/json")]
    [InlineData("delete", "sha256:abc", "Delete", "sha256:abc")]
    public void Suffixes_are_peeled_off_the_end(string method, string rest, string operation, string name)
    {
        Assert.True(ImageRoute.TryMatch(method, rest, out var op, out var n));
        Assert.Equal(Enum.Parse<ImageOperation>(operation), op);
        Assert.Equal(name, n);
    }

    [Theory]
    [InlineData("GET", "busybox")]
    [InlineData("GET", "busybox/tag")]
    [InlineData("GET", "json")]
    [InlineData("GET", "/json")]
    [InlineData("GET", "busybox//json")]
    [InlineData("GET", "")]
    [InlineData("POST", "busybox/json")]
    [InlineData("POST", "tag")]
    [InlineData("PUT", "busybox/json")]
    [InlineData("DELETE", "")]
    [InlineData("DELETE", "busybox/")]
    public void Anything_else_does_not_match(string method, string rest) =>
        Assert.False(ImageRoute.TryMatch(method, rest, out _, out _));
}
