using System.Text;
using Wcwidth;

namespace Wharf.Cli.Output;

/// <summary>Text helpers of the docker CLI's formatters: display widths, as a terminal shows East Asian wide characters.</summary>
internal static class Text
{
    /// <summary>
    /// formatter.Ellipsis: at most <paramref name="max"/> columns, the last one "…" when cut. Its columns are counted per
    /// rune, an East Asian wide one two, any other one (a combining mark too) one, as the docker CLI cuts them.
    /// </summary>
    public static string Ellipsis(string s, int max)
    {
        if (max <= 0 || s.Length == 0) return "";
        if (max == 1) return Rune.GetRuneAt(s, 0).ToString();
        if (IsPrintableAscii(s)) return s.Length <= max ? s : s[..(max - 1)] + "…";
        var width = 0;
        foreach (var rune in s.EnumerateRunes()) width += EllipsisWidth(rune);
        if (width <= max) return s;
        // The runes that fit in max - 1 columns; when not even the first does, docker finds no cut and keeps the text.
        var kept = 0;
        width = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            width += EllipsisWidth(rune);
            if (width > max - 1) break;
            kept += rune.Utf16SequenceLength;
        }
        return kept == 0 ? s : s[..kept] + "…";
    }

    static int EllipsisWidth(Rune rune) => UnicodeCalculator.GetWidth(rune) == 2 ? 2 : 1;

    /// <summary>
    /// The columns a table cell takes in the docker CLI's tabwriter: two for an East Asian wide character, none for a
    /// combining mark or other zero-width one, one for the rest.
    /// </summary>
    public static int Width(ReadOnlySpan<char> s)
    {
        if (IsPrintableAscii(s)) return s.Length;
        var width = 0;
        foreach (var rune in s.EnumerateRunes()) width += Math.Max(0, UnicodeCalculator.GetWidth(rune));
        return width;
    }

    /// <summary>True when every character is printable ASCII, one column each: the common case needs no width tables.</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange(' ', '~');
}
