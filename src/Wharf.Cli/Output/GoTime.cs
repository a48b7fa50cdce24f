using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>
/// Go's time.RFC3339Nano parsing and time.ANSIC layout, for the build times <c>version</c> shows. Written out rather than
/// through DateTimeOffset.TryParse and DateTime.ToString, whose first use builds the culture's date tables (~0.05 ms).
/// </summary>
internal static class GoTime
{
    static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>time.ANSIC: "Mon Jan  2 15:04:05 2006", the day padded with a space.</summary>
    public static string Ansic(DateTime t)
        // Into a stack buffer: the default one is rented from the shared char pool, whose first use costs ~0.1 ms.
        => string.Create(CultureInfo.InvariantCulture, stackalloc char[32],
            $"{Days[(int)t.DayOfWeek]} {Months[t.Month - 1]} {t.Day,2} {t.Hour:D2}:{t.Minute:D2}:{t.Second:D2} {t.Year}");

    /// <summary>time.Parse(time.RFC3339Nano, …): "2006-01-02T15:04:05.999999999Z07:00", the fraction optional, "Z" or an offset.</summary>
    public static bool TryParseRfc3339(string s, out DateTimeOffset time)
    {
        time = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Number(s, 0, 4, out var year) || !Number(s, 5, 2, out var month) || !Number(s, 8, 2, out var day)
            || !Number(s, 11, 2, out var hour) || !Number(s, 14, 2, out var minute) || !Number(s, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var i = 19;
        long ticks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
            // Ticks are 100 ns: the first seven digits count, the rest are below the clock's resolution.
            for (var d = 0; d < 7; d++) ticks = ticks * 10 + (start + d < i ? s[start + d] - '0' : 0);
        }
        TimeSpan offset;
        if (i == s.Length - 1 && s[i] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i == s.Length - 6 && s[i] is '+' or '-' && s[i + 3] == ':' && Number(s, i + 1, 2, out var oh) && Number(s, i + 4, 2, out var om)
                 && om < 60 && oh * 60 + om <= 14 * 60)
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-') offset = -offset;
        }
        else
        {
            return false;
        }
        try
        {
            time = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The first or last day of the calendar, moved out of it by the offset.
            return false;
        }
    }

    static bool Number(string s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
