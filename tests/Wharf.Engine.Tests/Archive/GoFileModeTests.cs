using Wharf.Engine.Containers;
using Wharf.Engine.Containers.Archive;

namespace Wharf.Engine.Tests.Archive;

public sealed class GoFileModeTests
{
    [Theory]
    [InlineData(0x81A4u, 420u)]               // -rw-r--r--: as dockerd's header for a file
    [InlineData(0x41EDu, 2147484141u)]        // drwxr-xr-x: dockerd's 2147484141
    [InlineData(0xA1FFu, 0x080001FFu)]        // lrwxrwxrwx
    [InlineData(0x21B6u, 0x042001B6u)]        // /dev/null: device | char device | 0666
    [InlineData(0x43FFu, 0x801001FFu)]        // /tmp: dir | sticky | 0777
    [InlineData(0x89EDu, 0x008001EDu)]        // setuid 0755
    [InlineData(0x11A4u, 0x020001A4u)]        // fifo
    public void Maps_unix_modes_to_go_file_modes(uint unix, uint go) => Assert.Equal(go, GoFileMode.FromUnix(unix));

    [Fact]
    public void Parses_stat_output()
    {
        var stat = ContainerArchive.ParseStat("41ed|4096|1796032572.027926053", "tmp", "");
        Assert.True(stat.IsDirectory);
        Assert.Equal(4096, stat.Size);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796032572).AddTicks(279260), stat.Mtime);
        Assert.Throws<EngineException>(() => ContainerArchive.ParseStat("garbage", "x", ""));
    }
}
