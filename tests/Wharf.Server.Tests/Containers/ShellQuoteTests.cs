using Wharf.Server.Mapping;

namespace Wharf.Server.Tests.Containers;

public sealed class ShellQuoteTests
{
    /// <summary>Commands as dockerd 28 shows them in GET /containers/json (golden-traffic-1.41.txt).</summary>
    [Theory]
    [InlineData("/bin/sh -c 'echo about to fail && exit 3'", "/bin/sh", "-c", "echo about to fail && exit 3")]
    [InlineData("/bin/sh -c '#(nop) ' 'CMD [\"cat\" \"/pushed\"]'", "/bin/sh", "-c", "#(nop) ", "CMD [\"cat\" \"/pushed\"]")]
    [InlineData("busybox httpd -f -p 80 -h /etc", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc")]
    [InlineData("sh -c 'for i in 1 2 3 4; do echo line$i; sleep 1; done'", "sh", "-c", "for i in 1 2 3 4; do echo line$i; sleep 1; done")]
    [InlineData("echo '' 'it'\\''s'", "echo", "", "it's")]
    public void Joins_like_dockerd(string expected, params string[] words) => Assert.Equal(expected, ShellQuote.Join(words));
}
