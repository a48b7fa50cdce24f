using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>Text helpers of the docker CLI's formatters.</summary>
internal static class Text
{
    /// <summary>formatter.Ellipsis: at most <paramref name="max"/> characters, the last one "…" when cut.</summary>
    public static string Ellipsis(string s, int max)
    {
        if (IsPrintableAscii(s)) return s.Length <= max ? s : s[..Math.Max(0, max - 1)] + "…";
        var info = new StringInfo(s);
        if (info.LengthInTextElements <= max) return s;
        return info.SubstringByTextElements(0, Math.Max(0, max - 1)) + "…";
    }

    /// <summary>
    /// True when every character is printable ASCII, one text element and one column each: width and cuts need no
    /// text-element tables then (their first use costs ~0.1 ms).
    /// </summary>
    public static bool IsPrintableAscii(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange(' ', '~');
}
