using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Cli.Templates;

/// <summary>The value of a map key that is not there: Go prints it as <c>&lt;no value&gt;</c>.</summary>
internal sealed class Missing
{
    public static readonly Missing Value = new();

    Missing() { }
}

/// <summary>
/// Template values are plain objects: null (Go's nil), <see cref="Missing"/>, string, bool, long, double,
/// <see cref="JsonObject"/> (a map or struct), <see cref="JsonArray"/> and <see cref="List{T}"/> of values (a slice),
/// <see cref="TemplateStruct"/> and <see cref="TemplateMap"/> (the docker CLI's own types).
/// This class converts JSON nodes to them and prints them as Go's fmt <c>%v</c> does.
/// </summary>
internal static class TemplateValues
{
    /// <summary>Unwraps a scalar JSON value into string/bool/long/double; objects and arrays stay nodes.</summary>
    public static object? FromNode(JsonNode? node)
    {
        if (node is not JsonValue value) return node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: return value.AsString();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number:
                // An integer is Go's int, anything else its float64 (a ternary would make both a double).
                var text = value.NumberText()!;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                return double.Parse(text, CultureInfo.InvariantCulture);
            default: return null;
        }
    }

    /// <summary>Go's <c>%v</c>.</summary>
    public static string Print(object? value) => value switch
    {
        null or TemplateNil => "<nil>",
        Missing => "<no value>",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        JsonObject o => "map[" + string.Join(' ', o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Print(FromNode(p.Value)))) + "]",
        JsonArray a => "[" + string.Join(' ', a.Select(n => Print(FromNode(n)))) + "]",
        TemplateStruct s => "{" + string.Join(' ', s.Fields.Select(f => Print(f.Value))) + "}",
        TemplateMap m => "map[" + string.Join(' ', m.Entries.Select(p => p.Key + ":" + Print(p.Value))) + "]",
        IEnumerable<object?> list => "[" + string.Join(' ', list.Select(Print)) + "]",
        JsonValue v => Print(FromNode(v)),
        _ => value.ToString() ?? "",
    };

    /// <summary>Go's <c>%v</c> for a float64: shortest representation, exponent form below 1e-4 or from 1e21.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (double.IsNaN(d)) return "NaN";
        var abs = Math.Abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e21))
        {
            var r = d.ToString("R", CultureInfo.InvariantCulture);
            // .NET "R" gives e.g. 1E+21; Go gives 1e+21.
            if (r.Contains('E', StringComparison.Ordinal))
            {
                var parts = r.Split('E');
                var exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
                return parts[0] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            }
            return r;
        }
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Go's truth for if/with/and/or/not: the zero value and empty collections are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null or Missing or TemplateNil => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        TemplateMap m => m.Count > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>Go's json.Marshal with HTML escaping off, as the docker CLI's <c>json</c> function does.</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            WriteJson(writer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or Missing or TemplateNil:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case JsonNode n:
                n.WriteTo(writer);
                break;
            case TemplateStruct s:
                writer.WriteStartObject();
                foreach (var field in s.Fields)
                {
                    if (field.OmitEmpty && !IsTrue(field.Value)) continue;
                    writer.WritePropertyName(field.JsonName);
                    WriteJson(writer, field.Value);
                }
                writer.WriteEndObject();
                break;
            case TemplateMap m:
                writer.WriteStartObject();
                foreach (var (key, item) in m.Entries)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString() ?? "");
                break;
        }
    }

    /// <summary>The Go type name of a value, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        Missing => "interface {}",
        string => "string",
        bool => "bool",
        long or int => "int",
        double => "float64",
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        TemplateStruct s => s.TypeName,
        TemplateNil n => n.TypeName,
        TemplateMap => "map[string]string",
        IEnumerable<object?> => "[]string",
        _ => value.GetType().Name,
    };

    /// <summary>The elements of a slice or the values of a map in key order (range and join iterate these).</summary>
    public static IEnumerable<(object? Key, object? Value)> Elements(object? value)
    {
        switch (value)
        {
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) yield return ((long)i, FromNode(a[i]));
                break;
            case JsonObject o:
                foreach (var p in o.OrderBy(p => p.Key, StringComparer.Ordinal)) yield return (p.Key, FromNode(p.Value));
                break;
            case TemplateMap m:
                foreach (var (key, item) in m.Entries) yield return (key, item);
                break;
            case IEnumerable<object?> list:
                var n = 0L;
                foreach (var item in list) yield return (n++, item);
                break;
            case null or Missing:
                break;
            default:
                throw new TemplateException($"range can't iterate over {Print(value)}");
        }
    }

    internal static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < 0x20 => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
