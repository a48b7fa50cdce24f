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

    /// <summary>An object found (<see cref="Found"/>) or the error its lookup gave, in the order the names were given.</summary>
    internal readonly record struct Result(JsonNode? Found, string? Error);

    /// <summary>
    /// docker's TemplateInspector: each object rendered on its own, so one that fails (a key it lacks is an error, "map has
    /// no entry for key", as docker's raw fallback reports it) is left out and the others print; nothing printed ends in
    /// a newline still. Returns every error, lookups' and templates', in order, for stderr.
    /// </summary>
    public static List<string> Write(TextWriter output, IReadOnlyList<Result> results, string? format)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(format) || format == "json")
        {
            var array = new JsonArray();
            foreach (var r in results)
                if (r.Error is not null) errors.Add(r.Error);
                else array.Add(r.Found?.DeepClone());
            output.WriteLine(array.Count == 0 ? "[]" : array.ToJsonString(Indented));
            return errors;
        }
        var template = GoTemplate.Parse(format);
        var text = new System.Text.StringBuilder();
        foreach (var r in results)
        {
            if (r.Error is not null)
            {
                errors.Add(r.Error);
                continue;
            }
            try { text.Append(template.Execute(r.Found, strictKeys: true)).Append('\n'); }
            catch (TemplateException e) { errors.Add($"template parsing error: {e.Message}"); }
        }
        output.Write(text.Length == 0 ? "\n" : text.ToString());
        return errors;
    }
}
