using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>
/// docker's timetypes.GetTimestamp for <c>--since</c>/<c>--until</c>: a Go duration counts back from now ("10m", "1h30m"),
/// else an RFC 3339 date or date-time (local time when no zone is given), else a unix timestamp ("1700000000.5").
/// </summary>
internal static class TimeArguments
{
    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        if (value != "0" && TryParseDuration(value, out var d))
            return DateTimeOffset.FromUnixTimeSeconds((now - d).ToUnixTimeSeconds());
        string[] formats =
        [
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK", "yyyy-MM-ddK",
        ];
        if (DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var t)) return t;
        if (value.Contains('-', StringComparison.Ordinal))
            throw new CliException($"parsing time \"{value}\": cannot parse as RFC 3339");
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        throw new CliException($"failed to parse value as time or duration: \"{value}\"");
    }

    /// <summary>Go's time.ParseDuration: a signed sequence of decimal numbers with units ns, us (µs), ms, s, m, h.</summary>
    public static bool TryParseDuration(string s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (s.Length == 0) return false;
        var i = 0;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i++;
        }
        if (s[i..] == "0") return true;
        if (i >= s.Length) return false;
        decimal totalTicks = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            decimal ticksPerUnit = s[unitStart..i] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1m,
            };
            if (ticksPerUnit < 0) return false;
            totalTicks += number * ticksPerUnit;
        }
        duration = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }
}
