using System.Globalization;

namespace Wharf.Engine.Formats;

/// <summary>Timestamps the way Go prints them, since docker clients parse and show them verbatim.</summary>
public static class GoTime
{
    /// <summary>Go's zero <c>time.Time</c> in RFC 3339: what dockerd sends for "never".</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC: the fraction loses its trailing zeros, and vanishes when zero.</summary>
    public static string Rfc3339Nano(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
            text += "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    public static string Rfc3339NanoOrZero(DateTimeOffset? time) => time is { } t ? Rfc3339Nano(t) : Zero;
}
