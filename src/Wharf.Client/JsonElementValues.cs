using System.Text.Json;

namespace Wharf.Client;

/// <summary>
/// A JSON object's fields as plain values, forgiving as the docker CLI's decoding is: a missing field, a null or a value
/// of another kind reads as the zero value, so an older or newer daemon's answer still lists.
/// </summary>
public static class JsonElementValues
{
    /// <summary>The field <paramref name="name"/> of an object; false when this is not an object, or the field is missing or null.</summary>
    public static bool TryGetField(this JsonElement e, string name, out JsonElement value)
    {
        value = default;
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>The string field <paramref name="name"/>; "" when it is not a string.</summary>
    public static string StringField(this JsonElement e, string name)
        => e.TryGetField(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>The integer field <paramref name="name"/>; <paramref name="fallback"/> when it is not a 64-bit integer.</summary>
    public static long Int64Field(this JsonElement e, string name, long fallback = 0)
        => e.TryGetField(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : fallback;

    /// <summary>The elements of the array field <paramref name="name"/>; none when it is not an array.</summary>
    public static IEnumerable<JsonElement> ArrayField(this JsonElement e, string name)
        => e.TryGetField(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    /// <summary>The strings of the array field <paramref name="name"/>, other elements skipped; null when it is not an array (Go's nil slice).</summary>
    public static List<string>? StringsField(this JsonElement e, string name)
    {
        if (!e.TryGetField(name, out var v) || v.ValueKind != JsonValueKind.Array) return null;
        var strings = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) strings.Add(item.GetString()!);
        return strings;
    }

    /// <summary>The string values of the object field <paramref name="name"/> (labels), others skipped; empty when it is not an object.</summary>
    public static Dictionary<string, string> StringMapField(this JsonElement e, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!e.TryGetField(name, out var v) || v.ValueKind != JsonValueKind.Object) return map;
        foreach (var p in v.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
        return map;
    }

    /// <summary>The names of the object field <paramref name="name"/>'s members; none when it is not an object.</summary>
    public static IEnumerable<string> KeysField(this JsonElement e, string name)
        => e.TryGetField(name, out var v) && v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Select(p => p.Name) : [];
}
