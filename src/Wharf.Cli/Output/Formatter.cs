using System.Text.Json.Nodes;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Output;

/// <summary>
/// The docker CLI's list formatter: <c>table …</c> formats get a header row and tabwriter columns, <c>json</c> prints
/// each row as a JSON object, anything else renders the template once per row. Rows are JSON objects whose keys are the
/// docker CLI's context fields (ID, Repository…), all strings, so <c>{{json .}}</c> matches its output too.
/// </summary>
internal sealed class Formatter
{
    const string TablePrefix = "table";
    readonly GoTemplate _template;
    readonly bool _table;
    readonly bool _json;
    readonly JsonObject _titles;
    readonly string _structType;

    Formatter(GoTemplate template, bool table, bool json, JsonObject titles, string structType)
    {
        _template = template;
        _table = table;
        _json = json;
        _titles = titles;
        _structType = structType;
    }

    /// <summary>Parses a user's <c>--format</c>; throws <see cref="TemplateException"/> as the docker CLI reports it.</summary>
    public static Formatter Create(string format, IReadOnlyDictionary<string, string> titles, string structType)
    {
        var table = format.StartsWith(TablePrefix, StringComparison.Ordinal);
        var json = format.Trim() == "json";
        var text = json ? "{{json .}}" : table ? format[TablePrefix.Length..] : format;
        text = text.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        var titleObject = new JsonObject();
        foreach (var (key, title) in titles) titleObject[key] = title;
        return new Formatter(GoTemplate.Parse(text), table, json, titleObject, structType);
    }

    public bool IsJson => _json;

    /// <summary>Writes every row (and for tables the header first) once all rows rendered, so a template error prints nothing, as in the docker CLI.</summary>
    /// <param name="methods">The template methods of a row (e.g. <c>.Label "k"</c>), for contexts that have them; called with the titles for the header.</param>
    public void Write(TextWriter output, IEnumerable<JsonObject> rows, Func<JsonObject, ITemplateMethods?>? methods = null)
    {
        var body = new System.Text.StringBuilder();
        foreach (var row in rows) body.Append(_template.Execute(row, _structType, methods?.Invoke(row))).Append('\n');
        if (!_table)
        {
            output.Write(body.ToString());
            return;
        }
        var table = new TableWriter(output);
        table.Write(_template.ExecuteHeader(_titles, methods?.Invoke(_titles)));
        table.Write("\n");
        table.Write(body.ToString());
        table.Flush();
    }

    /// <summary>Builds a row with the given string fields, keys sorted as Go's map marshalling sorts them.</summary>
    public static JsonObject Row(params (string Key, string Value)[] fields)
    {
        var row = new JsonObject();
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) row[key] = value;
        return row;
    }

    /// <summary>As Row, for fields that may be null (Go's nil pointers print as <c>&lt;nil&gt;</c>, marshal as null).</summary>
    public static JsonObject NullableRow(params (string Key, string? Value)[] fields)
    {
        var row = new JsonObject();
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) row[key] = value;
        return row;
    }
}
