using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Cli.Commands.Run;

/// <summary>The value parsers of docker's flags: go-units sizes, Go durations, decimal CPUs.</summary>
internal static partial class Units
{
    [GeneratedRegex(@"^(\d+(\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex DurationPart();

    /// <summary>go-units RAMInBytes: "64m" = 64 MiB, "1.5g", "512" bytes, "10kb"; null when it does not parse.</summary>
    public static long? RamInBytes(string text)
    {
        var m = SizePattern().Match(text);
        if (!m.Success) return null;
        var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var multiplier = char.ToLowerInvariant(m.Groups[3].Success ? m.Groups[3].Value[0] : 'b') switch
        {
            'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, 'p' => 1L << 50, _ => 1L,
        };
        return (long)(number * multiplier);
    }

    /// <summary>Go's time.ParseDuration ("5s", "1m30s", "250ms"), in nanoseconds; null when it does not parse.</summary>
    public static long? DurationNanos(string text)
    {
        if (text == "0") return 0;
        var sign = 1;
        var rest = text;
        if (rest.StartsWith('-') || rest.StartsWith('+'))
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }
        if (rest.Length == 0) return null;
        var position = 0;
        decimal total = 0;
        foreach (Match part in DurationPart().Matches(rest))
        {
            if (part.Index != position) return null;
            position += part.Length;
            var value = decimal.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += value * part.Groups[2].Value switch
            {
                "ns" => 1m, "us" or "µs" or "μs" => 1_000m, "ms" => 1_000_000m, "s" => 1_000_000_000m,
                "m" => 60_000_000_000m, _ => 3_600_000_000_000m,
            };
        }
        return position == rest.Length ? sign * (long)total : null;
    }

    /// <summary>"--cpus 0.5" as nano CPUs (500000000); null when it is not a decimal number.</summary>
    public static long? NanoCpus(string text)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) ? (long)(cpus * 1_000_000_000m) : null;
}
