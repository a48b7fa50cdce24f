using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>Sizes and durations as docker's go-units prints them ("5.24MB", "2 minutes ago", "About an hour ago").</summary>
internal static class Humanize
{
    static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>go-units HumanSize: decimal units, four significant digits.</summary>
    public static string Size(double bytes) => SizeWithPrecision(bytes, 4);

    /// <summary>go-units HumanSizeWithPrecision (docker images and history use 3).</summary>
    public static string SizeWithPrecision(double bytes, int precision)
    {
        var (value, unit) = Scale(bytes, 1000.0, DecimalUnits);
        return FormatG(value, precision) + unit;
    }

    /// <summary>go-units BytesSize: binary units, "%.4g".</summary>
    public static string BytesSize(double bytes)
    {
        var (value, unit) = Scale(bytes, 1024.0, BinaryUnits);
        return FormatG(value, 4) + unit;
    }

    static (double Value, string Unit) Scale(double size, double step, string[] units)
    {
        var i = 0;
        while (size >= step && i < units.Length - 1)
        {
            size /= step;
            i++;
        }
        return (size, units[i]);
    }

    /// <summary>Go's <c>%.{precision}g</c>: significant digits, trailing zeros dropped, exponent form when the exponent is below -4 or at least the precision.</summary>
    public static string FormatG(double value, int precision)
    {
        if (precision == 0) precision = 1;
        if (value == 0) return "0";
        var e = value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        var mantissa = e[..e.IndexOf('E', StringComparison.Ordinal)];
        var exponent = int.Parse(e[(e.IndexOf('E', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var m = mantissa.Contains('.', StringComparison.Ordinal) ? mantissa.TrimEnd('0').TrimEnd('.') : mantissa;
            return m + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        var decimals = Math.Max(0, precision - 1 - exponent);
        var text = value.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>go-units HumanDuration.</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return Count(seconds, " seconds");
        var minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return Count(minutes, " minutes");
        // Go: int(d.Round(time.Hour).Hours()), halves away from zero.
        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return Count(hours, " hours");
        if (hours < 24 * 7 * 2) return Count(hours / 24, " days");
        if (hours < 24 * 30 * 2) return Count(hours / 24 / 7, " weeks");
        if (hours < 24 * 365 * 2) return Count(hours / 24 / 30, " months");
        return Count((long)d.TotalHours / 24 / 365, " years");
    }

    // Concatenated: an interpolation rents from the shared char pool, whose first use costs ~0.1 ms of a short command.
    static string Count(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + unit;

    /// <summary>"2 minutes ago", as the docker CLI's CreatedSince columns print.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now) => Duration(now - then) + " ago";

    /// <summary>Go's time.Time.String() for a UTC instant in the local zone, as CreatedAt columns print: "2024-01-02 15:04:05 +0000 UTC".</summary>
    public static string GoTime(DateTimeOffset t)
    {
        var local = t.ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var zone = offset == TimeSpan.Zero ? "UTC" : TimeZoneInfo.Local.StandardName;
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            + $" {sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00} {zone}";
    }

    /// <summary>Go's time.RFC3339 in the local zone: "2024-01-02T15:04:05Z" or "…+01:00".</summary>
    public static string Rfc3339(DateTimeOffset t)
    {
        var local = t.ToLocalTime();
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return local.Offset == TimeSpan.Zero ? text + "Z" : text + local.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
