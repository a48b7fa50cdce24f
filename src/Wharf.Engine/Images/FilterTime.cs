using System.Globalization;

namespace Wharf.Engine.Images;

/// <summary>
/// Parses the time values of <c>until</c> filters as Docker's <c>timetypes.GetTimestamp</c> does: a Go duration
/// (<c>24h</c>, <c>1h30m</c>) before now, unix seconds with an optional fraction, or an RFC 3339 date/time.
/// </summary>
internal static class FilterTime
{
    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        if (TryParseDuration(value, out var duration)) return now - duration;
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"];
        var trimmed = TrimNanos(value);
        if (DateTimeOffset.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeLocal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        throw EngineException.Invalid($"failed to parse value as time or duration: \"{value}\"");
    }

    // Go prints nanoseconds; .NET parses at most seven fraction digits.
    static string TrimNanos(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return value;
        var end = dot + 1;
        while (end < value.Length && char.IsAsciiDigit(value[end])) end++;
        return end - dot - 1 > 7 ? value[..(dot + 8)] + value[end..] : value;
    }

    /// <summary>Go's time.ParseDuration: <c>1h30m</c>, <c>500ms</c>, <c>2.5s</c>.</summary>
    internal static bool TryParseDuration(string s, out TimeSpan duration)
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
        var any = false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            var scale = s[unitStart..i] switch
            {
                "ns" => 1e-9, "us" or "µs" => 1e-6, "ms" => 1e-3, "s" => 1, "m" => 60, "h" => 3600,
                _ => double.NaN,
            };
            if (double.IsNaN(scale)) return false;
            duration += TimeSpan.FromSeconds(n * scale);
            any = true;
        }
        if (negative) duration = -duration;
        return any;
    }
}
