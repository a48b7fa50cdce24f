using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Templates;

/// <summary>Go's template builtins and the docker CLI's extra functions (json, join, split, title, upper, lower, pad, truncate).</summary>
internal static class TemplateFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
        "json", "join", "split", "title", "upper", "lower", "pad", "truncate",
    };

    /// <summary>The docker CLI's header functions: a table header renders the template over the column titles, where the formatting functions pass their argument through and json prints nothing.</summary>
    static readonly IReadOnlySet<string> HeaderPassThrough = new HashSet<string>(StringComparer.Ordinal) { "split", "join", "title", "lower", "upper", "pad", "truncate" };

    public static object? Call(string name, IReadOnlyList<object?> args, bool header = false)
    {
        if (header && name == "json") return "";
        if (header && HeaderPassThrough.Contains(name)) return args.Count > 0 ? args[0] : "";
        return Call(name, args);
    }

    static object? Call(string name, IReadOnlyList<object?> args) => name switch
    {
        "and" => args.Count == 0 ? throw Arity(name, 1, 0) : args.FirstOrDefault(a => !TemplateValues.IsTrue(a), args[^1]),
        "or" => args.Count == 0 ? throw Arity(name, 1, 0) : args.FirstOrDefault(TemplateValues.IsTrue, args[^1]),
        "not" => !TemplateValues.IsTrue(One(name, args)),
        "len" => Length(One(name, args)),
        "index" => Index(args),
        "print" => Sprint(args),
        "println" => string.Join(' ', args.Select(TemplateValues.Print)) + "\n",
        "printf" => args.Count == 0 ? throw Arity(name, 1, 0) : GoFormat.Sprintf(Str(name, args[0]), args.Skip(1).ToList()),
        "eq" => args.Count < 2 ? throw Arity(name, 2, args.Count) : args.Skip(1).Any(a => Equal(args[0], a)),
        "ne" => Two(name, args) is var (a, b) && !Equal(a, b),
        "lt" => Compare(name, args) < 0,
        "le" => Compare(name, args) <= 0,
        "gt" => Compare(name, args) > 0,
        "ge" => Compare(name, args) >= 0,
        "json" => TemplateValues.ToJson(One(name, args)),
        "join" => Two(name, args) is var (list, sep) ? string.Join(Str(name, sep), TemplateValues.Elements(list).Select(e => Str(name, e.Value))) : null,
        "split" => Two(name, args) is var (s, by) ? Str(name, s).Split(Str(name, by)).Cast<object?>().ToList() : null,
        "title" => Title(Str(name, One(name, args))),
        "upper" => Str(name, One(name, args)).ToUpperInvariant(),
        "lower" => Str(name, One(name, args)).ToLowerInvariant(),
        "pad" => args.Count != 3 ? throw Arity(name, 3, args.Count)
            // An empty string stays empty, as docker's padWithSpace leaves it.
            : Str(name, args[0]) is { Length: 0 } ? "" : new string(' ', (int)Int(name, args[1])) + Str(name, args[0]) + new string(' ', (int)Int(name, args[2])),
        "truncate" => Two(name, args) is var (text, n) ? Truncate(Str(name, text), (int)Int(name, n)) : null,
        _ => throw new TemplateException($"function \"{name}\" not defined"),
    };

    static string Truncate(string s, int n) => s.Length < n ? s : s[..n];

    static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var start = true;
        foreach (var c in s)
        {
            sb.Append(start ? char.ToUpperInvariant(c) : c);
            start = !char.IsLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.ToString();
    }

    static string Sprint(IReadOnlyList<object?> args)
    {
        // fmt.Sprint adds a space between operands when neither side is a string.
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            sb.Append(TemplateValues.Print(args[i]));
        }
        return sb.ToString();
    }

    static object? Index(IReadOnlyList<object?> args)
    {
        if (args.Count == 0) throw Arity("index", 1, 0);
        var item = args[0];
        foreach (var key in args.Skip(1))
        {
            item = item switch
            {
                JsonObject o => key is string k ? (o.TryGetPropertyValue(k, out var v) ? TemplateValues.FromNode(v) : Missing.Value)
                    : throw new TemplateException($"error calling index: value has type {TemplateValues.TypeName(key)}; should be string"),
                TemplateMap m => key is string mk ? (m.TryGetValue(mk, out var mv) ? mv : Missing.Value)
                    : throw new TemplateException($"error calling index: value has type {TemplateValues.TypeName(key)}; should be string"),
                JsonArray a => key is long i ? (i >= 0 && i < a.Count ? TemplateValues.FromNode(a[(int)i]) : throw new TemplateException($"error calling index: index out of range: {i}"))
                    : throw new TemplateException($"error calling index: cannot index slice/array with type {TemplateValues.TypeName(key)}"),
                List<object?> l => key is long j ? (j >= 0 && j < l.Count ? l[(int)j] : throw new TemplateException($"error calling index: index out of range: {j}"))
                    : throw new TemplateException($"error calling index: cannot index slice/array with type {TemplateValues.TypeName(key)}"),
                null or Missing => throw new TemplateException("error calling index: index of untyped nil"),
                _ => throw new TemplateException($"error calling index: can't index item of type {TemplateValues.TypeName(item)}"),
            };
        }
        return item;
    }

    static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        TemplateMap m => m.Count,
        List<object?> l => l.Count,
        _ => throw new TemplateException($"error calling len: len of type {TemplateValues.TypeName(value)}"),
    };

    static bool Equal(object? a, object? b) => (a, b) switch
    {
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (null or Missing or TemplateNil, null or Missing or TemplateNil) => true,
        (TemplateNil x, TemplateStruct y) when x.TypeName == y.TypeName => false,
        (TemplateStruct x, TemplateNil y) when x.TypeName == y.TypeName => false,
        (TemplateStruct x, TemplateStruct y) => StructsEqual(x, y),
        (JsonNode or List<object?> or TemplateMap, _) or (_, JsonNode or List<object?> or TemplateMap) => throw new TemplateException("error calling eq: invalid type for comparison"),
        _ when a is not null && b is not null && a.GetType() != b.GetType() => throw new TemplateException("error calling eq: incompatible types for comparison"),
        _ => Equals(a, b),
    };

    /// <summary>Go compares structs field by field; one holding a map or slice is not comparable at all.</summary>
    static bool StructsEqual(TemplateStruct a, TemplateStruct b)
    {
        if (a.TypeName != b.TypeName) throw new TemplateException("error calling eq: incompatible types for comparison");
        // Read once: a computed struct (a list row) computes every field each time its fields are asked for.
        var (fieldsA, fieldsB) = (a.Fields, b.Fields);
        var equal = true;
        for (var i = 0; i < fieldsA.Count; i++) equal &= Equal(fieldsA[i].Value, fieldsB[i].Value);
        return equal;
    }

    static int Compare(string name, IReadOnlyList<object?> args)
    {
        var (a, b) = Two(name, args);
        return (a, b) switch
        {
            (long x, long y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo(y),
            (double x, double y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            _ => throw new TemplateException($"error calling {name}: incompatible types for comparison"),
        };
    }

    static object? One(string name, IReadOnlyList<object?> args) => args.Count == 1 ? args[0] : throw Arity(name, 1, args.Count);

    static (object? A, object? B) Two(string name, IReadOnlyList<object?> args) => args.Count == 2 ? (args[0], args[1]) : throw Arity(name, 2, args.Count);

    static TemplateException Arity(string name, int want, int got) => new($"wrong number of args for {name}: want {want} got {got}");

    internal static string Str(string name, object? value) => value is string s ? s
        : throw new TemplateException($"error calling {name}: wrong type for value; expected string; got {TemplateValues.TypeName(value)}");

    static long Int(string name, object? value) => value is long l ? l
        : throw new TemplateException($"error calling {name}: wrong type for value; expected int; got {TemplateValues.TypeName(value)}");
}
