using System.Text;
using Wharf.Engine.Containers.Archive;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests.Archive;

public sealed class ArchiveMappingTests
{
    [Fact]
    public void The_header_is_dockerds_json_in_base64()
    {
        // From the dockerd capture: {"name":"cpin.txt","size":10,"mode":420,"mtime":"2026-11-30T02:49:51Z","linkTarget":""}
        var stat = new PathStat("cpin.txt", 10, 420, DateTimeOffset.Parse("2026-11-30T02:49:51Z", System.Globalization.CultureInfo.InvariantCulture), "");
        Assert.Equal("eyJuYW1lIjoiY3Bpbi50eHQiLCJzaXplIjoxMCwibW9kZSI6NDIwLCJtdGltZSI6IjIwMjYtMTEtMzBUMDI6NDk6NTFaIiwibGlua1RhcmdldCI6IiJ9",
                     ArchiveMapping.ToPathStatHeader(stat));
    }

    [Fact]
    public void Directories_and_links_carry_gos_type_bits_and_the_fraction_is_trimmed()
    {
        var mtime = DateTimeOffset.FromUnixTimeSeconds(1796032572).AddTicks(5242250);
        var dir = Decode(new PathStat("tmp", 4096, 0x80000000u | 0x1ED, mtime, ""));
        Assert.Contains("\"mode\":2147484141", dir, StringComparison.Ordinal);
        Assert.Contains("\"mtime\":\"2026-11-30T", dir, StringComparison.Ordinal);
        Assert.Contains(".524225Z\"", dir, StringComparison.Ordinal);
        var link = Decode(new PathStat("pw", 11, 0x08000000u | 0x1FF, mtime, "/etc/passwd"));
        Assert.Contains("\"mode\":134218239", link, StringComparison.Ordinal);
        Assert.Contains("\"linkTarget\":\"/etc/passwd\"", link, StringComparison.Ordinal);
    }

    static string Decode(PathStat stat) => Encoding.UTF8.GetString(Convert.FromBase64String(ArchiveMapping.ToPathStatHeader(stat)));
}
