using Wharf.Cli.Output;

namespace Wharf.Cli.Tests.Unit;

public sealed class HumanizeTests
{
    [Theory]
    [InlineData(0, 3, "0B")]
    [InlineData(999, 3, "999B")]
    [InlineData(1000, 3, "1kB")]
    [InlineData(5242880, 3, "5.24MB")]
    [InlineData(5242880, 4, "5.243MB")]
    [InlineData(4261000, 4, "4.261MB")]
    [InlineData(1234567890, 3, "1.23GB")]
    [InlineData(999999, 3, "1e+03kB")]
    [InlineData(100000, 3, "100kB")]
    public void Sizes_are_go_units_human_sizes(long bytes, int precision, string expected)
        => Assert.Equal(expected, Humanize.SizeWithPrecision(bytes, precision));

    [Theory]
    [InlineData(4102000000L, "3.82GiB")]
    [InlineData(1024L, "1KiB")]
    public void Binary_sizes_are_go_units_bytes_sizes(long bytes, string expected) => Assert.Equal(expected, Humanize.BytesSize(bytes));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(150, "2 minutes")]
    [InlineData(3599, "59 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5400, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Durations_are_go_units_human_durations(double seconds, string expected)
        => Assert.Equal(expected, Humanize.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("300ms", 0.3)]
    [InlineData("-2s", -2)]
    public void Go_durations_parse(string text, double seconds)
    {
        Assert.True(TimeArguments.TryParseDuration(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Fact]
    public void Since_accepts_durations_dates_and_unix_timestamps()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddMinutes(-10), TimeArguments.Parse("10m", now));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeArguments.Parse("2026-01-02T03:04:05Z", now));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), TimeArguments.Parse("2026-01-02T03:04:05+02:00", now));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), TimeArguments.Parse("1700000000.5", now));
        Assert.Equal("failed to parse value as time or duration: \"soon\"", Assert.Throws<CliException>(() => TimeArguments.Parse("soon", now)).Message);
    }
}
