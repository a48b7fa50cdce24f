using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Output;

/// <summary>
/// The docker CLI's inspect output: without a format, a JSON array indented by four spaces; with <c>-f</c>, the template
/// once per object over the raw JSON (so a missing key prints <c>&lt;no value&gt;</c>, as docker's raw fallback does).
/// </summary>
internal static class InspectWriter
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, IReadOnlyList<JsonNode?> objects, string? format)
    {
        if (string.IsNullOrEmpty(format) || format == "json")
        {
            var array = new JsonArray();
            foreach (var o in objects) array.Add(o?.DeepClone());
            output.WriteLine(objects.Count == 0 ? "[]" : array.ToJsonString(Indented));
            return;
        }
        var template = GoTemplate.Parse(format);
        // Nothing found still ends the (empty) output with a newline, as the docker CLI does.
        if (objects.Count == 0)
        {
            output.WriteLine();
            return;
        }
        var text = new System.Text.StringBuilder();
        foreach (var o in objects) text.Append(template.Execute(o)).Append('\n');
        output.Write(text.ToString());
    }
}
