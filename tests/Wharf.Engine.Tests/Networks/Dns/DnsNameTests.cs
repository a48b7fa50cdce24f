using System.Net;
using Wharf.Engine.Networks.Dns;

namespace Wharf.Engine.Tests.Networks.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("web", "03776562" + "00")]
    [InlineData("web.", "03776562" + "00")]
    [InlineData("", "00")]
    [InlineData("a\\.b.c", "03612e62016300")]
    [InlineData("a\\000b", "0361006200")]
    public void Encodes_text_names(string name, string hex) => Assert.Equal(Convert.FromHexString(hex), DnsName.Encode(name));

    [Theory]
    [InlineData("web")]
    [InlineData("My-App.Example.ORG")]
    [InlineData("a\\.b.c")]
    [InlineData("a\\000b\\\\")]
    public void Decodes_what_it_encodes(string name) => Assert.Equal(name, DnsName.Decode(DnsName.Encode(name)));

    [Fact]
    public void Rejects_empty_and_long_labels_and_long_names()
    {
        Assert.Throws<DnsFormatException>(() => DnsName.Encode("a..b"));
        Assert.Throws<DnsFormatException>(() => DnsName.Encode(new string('a', 64)));
        Assert.Throws<DnsFormatException>(() => DnsName.Encode(string.Join('.', Enumerable.Repeat(new string('a', 63), 5))));
    }

    [Fact]
    public void Matches_ignoring_case_and_the_trailing_dot()
    {
        Assert.True(DnsName.Matches("Web.", "web"));
        Assert.True(DnsName.Matches("WEB", "web."));
        Assert.False(DnsName.Matches("web2", "web"));
        Assert.Equal("web", DnsName.Trim("web."));
    }

    [Theory]
    [InlineData("2.0.18.172.in-addr.arpa", "172.18.0.2")]
    [InlineData("2.0.18.172.IN-ADDR.ARPA.", "172.18.0.2")]
    [InlineData("2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa", "fd00::2")]
    public void Reads_reverse_names(string name, string address)
    {
        Assert.Equal(IPAddress.Parse(address), DnsName.ParseReverse(name));
        Assert.True(DnsName.Matches(name, DnsName.Reverse(IPAddress.Parse(address))));
    }

    [Theory]
    [InlineData("web")]
    [InlineData("0.18.172.in-addr.arpa")]
    [InlineData("256.0.18.172.in-addr.arpa")]
    [InlineData("x.0.18.172.in-addr.arpa")]
    [InlineData("1.ip6.arpa")]
    public void Other_names_are_not_reverse_names(string name) => Assert.Null(DnsName.ParseReverse(name));
}
