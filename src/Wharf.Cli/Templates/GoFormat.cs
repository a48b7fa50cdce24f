using System.Globalization;
using System.Text;
using Wharf.Cli.Output;

namespace Wharf.Cli.Templates;

/// <summary>Go's fmt.Sprintf for the verbs templates use: %v %s %d %q %f %g %x %X %t %c %%, with flags, width and precision.</summary>
internal static class GoFormat
{
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            bool minus = false, zero = false, plus = false, space = false;
            for (; i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#'; i++)
            {
                switch (format[i]) { case '-': minus = true; break; case '0': zero = true; break; case '+': plus = true; break; case ' ': space = true; break; }
            }
            var width = ReadInt(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadInt(format, ref i) ?? 0;
            }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            var verb = format[i];
            if (verb == '%') { sb.Append('%'); continue; }
            if (argIndex >= args.Count) { sb.Append("%!").Append(verb).Append("(MISSING)"); continue; }
            var arg = args[argIndex++];
            var text = Verb(verb, arg, precision, plus, space);
            if (width is int w && text.Length < w)
                text = minus ? text.PadRight(w) : zero && verb is 'd' or 'f' or 'x' or 'X' && arg is long or double ? ZeroPad(text, w) : text.PadLeft(w);
            sb.Append(text);
        }
        if (argIndex < args.Count)
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(argIndex).Select(a => TemplateValues.TypeName(a) + "=" + TemplateValues.Print(a)))).Append(')');
        return sb.ToString();
    }

    static string ZeroPad(string text, int width) => text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');

    static int? ReadInt(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsDigit(s[i])) i++;
        return i > start ? int.Parse(s.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    static string Verb(char verb, object? arg, int? precision, bool plus, bool space)
    {
        switch (verb)
        {
            case 'v':
                return TemplateValues.Print(arg);
            case 's':
                var s = TemplateValues.Print(arg);
                return precision is int p && p < s.Length ? s[..p] : s;
            case 'q':
                return arg is string q ? TemplateValues.Quote(q) : Bad(verb, arg);
            case 'd':
                if (arg is long l) return (plus && l >= 0 ? "+" : space && l >= 0 ? " " : "") + l.ToString(CultureInfo.InvariantCulture);
                return Bad(verb, arg);
            case 'x' or 'X':
                var hex = arg switch
                {
                    long h => h.ToString("x", CultureInfo.InvariantCulture),
                    string str => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(str)),
                    _ => null,
                };
                return hex is null ? Bad(verb, arg) : verb == 'X' ? hex.ToUpperInvariant() : hex;
            case 'f' or 'F':
                double? f = arg switch { double d => d, _ => null };
                return f is double fv ? (plus && fv >= 0 ? "+" : "") + fv.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture) : Bad(verb, arg);
            case 'g':
                return arg is double g ? (precision is int gp ? Humanize.FormatG(g, gp) : TemplateValues.FormatFloat(g)) : Bad(verb, arg);
            case 't':
                return arg is bool b ? (b ? "true" : "false") : Bad(verb, arg);
            case 'c':
                return arg is long r ? char.ConvertFromUtf32((int)r) : Bad(verb, arg);
            default:
                return $"%!{verb}({TemplateValues.TypeName(arg)}={TemplateValues.Print(arg)})";
        }
    }

    static string Bad(char verb, object? arg) => $"%!{verb}({TemplateValues.TypeName(arg)}={TemplateValues.Print(arg)})";
}
