using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Client;

/// <summary>
/// The scalar a JSON node holds, read without JsonValue's generic accessors (<c>GetValue&lt;T&gt;</c>): NativeAOT resolves
/// those generic virtual methods at run time, ~0.1 ms at their first use in a command.
/// </summary>
public static class JsonNodeValues
{
    /// <summary>The string the node holds; null when it is missing or holds something else.</summary>
    public static string? AsString(this JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.ToString() : null;

    /// <summary>The boolean the node holds; null when it is missing or holds something else.</summary>
    public static bool? AsBool(this JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>The JSON text of the number the node holds (as written: "42", "1.5e3"); null when it holds something else.</summary>
    public static string? NumberText(this JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null;

    /// <summary>The integer the node holds; null when it is missing, not a number or not a 64-bit integer.</summary>
    public static long? AsInt64(this JsonNode? node)
        => long.TryParse(node.NumberText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
