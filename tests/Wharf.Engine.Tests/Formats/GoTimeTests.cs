using Wharf.Engine.Formats;

namespace Wharf.Engine.Tests.Formats;

public sealed class GoTimeTests
{
    [Fact]
    public void Rfc3339Nano_trims_trailing_zeros_and_uses_utc()
    {
        var t = new DateTimeOffset(2026, 11, 30, 2, 53, 11, TimeSpan.Zero);
        Assert.Equal("2026-11-30T02:53:11Z", GoTime.Rfc3339Nano(t));
        Assert.Equal("2026-11-30T02:53:11.5Z", GoTime.Rfc3339Nano(t.AddMilliseconds(500)));
        Assert.Equal("2026-11-30T02:53:11.3629503Z", GoTime.Rfc3339Nano(t.AddTicks(3629503)));
        Assert.Equal("2026-11-30T02:53:11.00001Z", GoTime.Rfc3339Nano(t.AddTicks(100)));
        Assert.Equal("2026-11-30T02:53:11Z", GoTime.Rfc3339Nano(new DateTimeOffset(2026, 11, 30, 3, 53, 11, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Never_is_go_zero_time() => Assert.Equal("0001-01-01T00:00:00Z", GoTime.Rfc3339NanoOrZero(null));
}
