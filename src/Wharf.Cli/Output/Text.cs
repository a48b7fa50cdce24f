using System.Globalization;

namespace Wharf.Cli.Output;

/// <summary>Text helpers of the docker CLI's formatters.</summary>
internal static class Text
{
    /// <summary>formatter.Ellipsis: at most <paramref name="max"/> characters, the last one "…" when cut.</summary>
    public static string Ellipsis(string s, int max)
    {
        var info = new StringInfo(s);
        if (info.LengthInTextElements <= max) return s;
        return info.SubstringByTextElements(0, Math.Max(0, max - 1)) + "…";
    }
}
