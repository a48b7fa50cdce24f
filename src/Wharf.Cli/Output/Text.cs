using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>Text helpers of the docker CLI's formatters.</summary>
internal static class Text
{
    /// <summary>formatter.Ellipsis: at most <paramref name="max"/> characters, the last one "…" when cut.</summary>
    public static string Ellipsis(string s, int max)
    {
        // Printable ASCII is one text element a character: no need for the text-element tables (~0.1 ms at first use).
        if (!s.AsSpan().ContainsAnyExceptInRange(' ', '~')) return s.Length <= max ? s : s[..Math.Max(0, max - 1)] + "…";
        var info = new StringInfo(s);
        if (info.LengthInTextElements <= max) return s;
        return info.SubstringByTextElements(0, Math.Max(0, max - 1)) + "…";
    }
}
