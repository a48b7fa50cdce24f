using System.Globalization;
using System.Text;
using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers.Logs;

/// <summary>One parsed line of a k8s-file log: <c>&lt;RFC3339Nano&gt; stdout|stderr F|P &lt;text&gt;</c>.</summary>
internal readonly record struct K8sLogLine(DateTimeOffset Time, StdStream Stream, bool Partial, ReadOnlyMemory<byte> Text)
{
    /// <summary>Parses a line without its <c>\n</c>; false for a malformed line (which the reader skips).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out K8sLogLine parsed)
    {
        parsed = default;
        var span = line.Span;
        var sp1 = span.IndexOf((byte)' ');
        if (sp1 <= 0) return false;
        var sp2 = span[(sp1 + 1)..].IndexOf((byte)' ');
        if (sp2 <= 0) return false;
        sp2 += sp1 + 1;
        var rest = span[(sp2 + 1)..];
        var sp3 = rest.IndexOf((byte)' ');
        var tag = sp3 < 0 ? rest : rest[..sp3];
        var textStart = sp3 < 0 ? line.Length : sp2 + 1 + sp3 + 1;
        if (!TryParseTime(Encoding.ASCII.GetString(span[..sp1]), out var time)) return false;
        var streamName = span[(sp1 + 1)..sp2];
        StdStream stream;
        if (streamName.SequenceEqual("stdout"u8)) stream = StdStream.Stdout;
        else if (streamName.SequenceEqual("stderr"u8)) stream = StdStream.Stderr;
        else return false;
        if (tag.Length == 0) return false;
        var partial = tag[0] == (byte)'P';
        if (!partial && tag[0] != (byte)'F') return false;
        parsed = new K8sLogLine(time, stream, partial, line[textStart..]);
        return true;
    }

    /// <summary>RFC 3339 with up to nine fraction digits (.NET keeps seven).</summary>
    internal static bool TryParseTime(string s, out DateTimeOffset time)
    {
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
            if (end - dot - 1 > 7) s = s[..(dot + 8)] + s[end..];
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>Formats a time as conmon writes it: RFC 3339 with nine fraction digits.</summary>
    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
}
