using System.Globalization;

namespace Wharf.Cli.Commands.Container;

/// <summary>go-units RAMInBytes: "64m", "1.5g", "512k", "1024" (bytes); binary multiples, case-insensitive, optional trailing "b".</summary>
internal static class Units
{
    public static long RamInBytes(string value)
    {
        var s = value.Trim();
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            throw new CliException($"invalid size: '{value}'");
        var unit = s[i..].ToLowerInvariant();
        long multiplier = unit switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            "p" or "pb" or "pib" => 1L << 50,
            _ => throw new CliException($"invalid suffix: '{s[i..]}'"),
        };
        return (long)(number * multiplier);
    }
}
