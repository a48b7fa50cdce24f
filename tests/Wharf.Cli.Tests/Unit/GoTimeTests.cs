using Wharf.Cli.Output;

namespace Wharf.Cli.Tests.Unit;

public sealed class GoTimeTests
{
    [Theory]
    [InlineData("2025-05-30T12:07:14.000000000+00:00", "Fri May 30 12:07:14 2025")]
    [InlineData("2026-11-03T00:00:00Z", "Tue Nov  3 00:00:00 2026")]
    [InlineData("2024-02-29T23:59:59.5-08:00", "Thu Feb 29 23:59:59 2024")]
    [InlineData("2019-07-25T21:19:53.123456789+05:30", "Thu Jul 25 21:19:53 2019")]
    public void Rfc3339_times_read_and_print_as_ansic_in_their_own_offset(string text, string ansic)
    {
        Assert.True(GoTime.TryParseRfc3339(text, out var t));
        Assert.Equal(ansic, GoTime.Ansic(t.DateTime));
    }

    [Fact]
    public void The_fraction_keeps_the_clocks_resolution_and_the_offset_its_sign()
    {
        Assert.True(GoTime.TryParseRfc3339("2024-01-02T03:04:05.123456789-01:30", out var t));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, new TimeSpan(-1, -30, 0)).AddTicks(1234567), t);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("")]
    [InlineData("2025-05-30 12:07:14Z")]
    [InlineData("2025-05-30T12:07:14")]
    [InlineData("2025-05-30T12:07:14z")]
    [InlineData("2025-05-30T12:07:14.Z")]
    [InlineData("2025-02-30T12:07:14Z")]
    [InlineData("2025-05-30T24:00:00Z")]
    [InlineData("2025-05-30T12:07:14+15:00")]
    [InlineData("2025-05-30T12:07:14+01:00x")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void Anything_else_is_not_a_time(string text)
    {
        Assert.False(GoTime.TryParseRfc3339(text, out _));
    }
}
