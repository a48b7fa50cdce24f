namespace Wharf.Engine.References;

/// <summary>
/// The <c>reference</c> filter of <c>GET /images/json</c>: Go's <c>path.Match</c> glob against the familiar string
/// (<c>busybox:latest</c>), then against the familiar name (<c>busybox</c>), as distribution's <c>FamiliarMatch</c>.
/// </summary>
public static class ReferencePattern
{
    public static bool FamiliarMatch(string pattern, ImageReference reference) =>
        Glob(pattern, reference.FamiliarString) || Glob(pattern, reference.FamiliarName);

    /// <summary>Go's path.Match: <c>*</c> and <c>?</c> never match <c>/</c>; <c>[…]</c> classes with ranges and <c>^</c>; <c>\</c> escapes. A malformed pattern matches nothing.</summary>
    public static bool Glob(string pattern, string name) => Match(pattern, 0, name, 0);

    static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*') pi++;
                if (pi == p.Length) return s.IndexOf('/', si) < 0;
                for (var k = si; k <= s.Length; k++)
                {
                    if (Match(p, pi, s, k)) return true;
                    if (k < s.Length && s[k] == '/') return false;
                }
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '?')
            {
                if (s[si] == '/') return false;
                pi++;
                si++;
                continue;
            }
            if (c == '[')
            {
                if (!MatchClass(p, ref pi, s[si])) return false;
                si++;
                continue;
            }
            if (c == '\\')
            {
                pi++;
                if (pi >= p.Length) return false;
                c = p[pi];
            }
            if (c != s[si]) return false;
            pi++;
            si++;
        }
        return si == s.Length;
    }

    static bool MatchClass(string p, ref int pi, char ch)
    {
        pi++;
        var negate = pi < p.Length && p[pi] == '^';
        if (negate) pi++;
        var matched = false;
        var first = true;
        while (pi < p.Length && (p[pi] != ']' || first))
        {
            first = false;
            var lo = p[pi] == '\\' && pi + 1 < p.Length ? p[++pi] : p[pi];
            pi++;
            var hi = lo;
            if (pi + 1 < p.Length && p[pi] == '-' && p[pi + 1] != ']')
            {
                hi = p[pi + 1] == '\\' && pi + 2 < p.Length ? p[pi += 2] : p[++pi];
                pi++;
            }
            if (lo <= ch && ch <= hi) matched = true;
        }
        if (pi >= p.Length) return false;
        pi++;
        return matched != negate && ch != '/';
    }
}
