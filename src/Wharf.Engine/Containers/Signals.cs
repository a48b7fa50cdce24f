using System.Globalization;

namespace Wharf.Engine.Containers;

/// <summary>Linux signal names and numbers as Docker accepts them: <c>SIGTERM</c>, <c>TERM</c>, <c>15</c>.</summary>
public static class Signals
{
    public const int Kill = 9;
    public const int Term = 15;

    static readonly Dictionary<string, int> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    /// <summary>Parses a signal; an unknown one is InvalidArgument <c>Invalid signal: X</c>.</summary>
    public static int Parse(string signal)
    {
        var s = signal.Trim();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 64) return n;
        if (s.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) s = s[3..];
        if (ByName.TryGetValue(s, out n)) return n;
        if (s.StartsWith("RTMIN", StringComparison.OrdinalIgnoreCase))
        {
            var rest = s[5..];
            if (rest.Length == 0) return 34;
            if (rest[0] == '+' && int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k <= 30) return 34 + k;
        }
        throw ContainerErrors.InvalidSignal(signal);
    }
}
