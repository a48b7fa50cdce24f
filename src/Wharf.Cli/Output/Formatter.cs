using System.Text;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Output;

/// <summary>
/// The docker CLI's list formatter: <c>table …</c> formats get a header row and tabwriter columns, <c>json</c> prints
/// each row as a JSON object, anything else renders the template once per row. Rows are structs of the docker CLI's
/// context type whose fields are its context's fields (ID, Repository…), all strings, kept in key order: docker
/// marshals a context as a map, so <c>{{json .}}</c> matches its output too.
/// </summary>
internal sealed class Formatter
{
    const string TablePrefix = "table";
    readonly GoTemplate _template;
    readonly bool _table;
    readonly bool _json;
    readonly TemplateMap _titles;
    readonly ITemplateMethods? _headerMethods;

    Formatter(GoTemplate template, bool table, bool json, TemplateMap titles, ITemplateMethods? headerMethods)
    {
        _template = template;
        _table = table;
        _json = json;
        _titles = titles;
        _headerMethods = headerMethods;
    }

    /// <summary>Parses a user's <c>--format</c>; throws <see cref="TemplateException"/> as the docker CLI reports it.</summary>
    /// <param name="headerMethods">The context's methods answering for the header, when its rows have methods (<see cref="LabelMethods.Header"/>).</param>
    public static Formatter Create(string format, IReadOnlyDictionary<string, string> titles, ITemplateMethods? headerMethods = null)
    {
        var table = format.StartsWith(TablePrefix, StringComparison.Ordinal);
        var json = format.Trim() == "json";
        var text = json ? "{{json .}}" : table ? format[TablePrefix.Length..] : format;
        text = text.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        var titleMap = TemplateMap.Of(titles);
        return new Formatter(GoTemplate.Parse(text), table, json, titleMap, headerMethods);
    }

    public bool IsJson => _json;

    /// <summary>Writes every row (and for tables the header first) once all rows rendered, so a template error prints nothing, as in the docker CLI.</summary>
    public void Write(TextWriter output, IEnumerable<TemplateStruct> rows)
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            _template.Execute(body, row);
            body.Append('\n');
        }
        if (!_table)
        {
            output.Write(body);
            return;
        }
        var header = new StringBuilder();
        _template.ExecuteHeader(header, _titles, _headerMethods);
        var table = new TableWriter(output);
        table.Write(header.Append('\n'));
        table.Write(body);
        table.Flush();
    }

    /// <summary>A row of the context <paramref name="structType"/> (<c>*formatter.ContainerContext</c>), fields sorted by name; a null field is Go's nil.</summary>
    public static TemplateStruct Row(string structType, params (string Name, string? Value)[] fields) => Row(structType, null, fields);

    /// <summary>As the other Row, for a context with methods (<see cref="LabelMethods"/>).</summary>
    public static TemplateStruct Row(string structType, ITemplateMethods? methods, params (string Name, string? Value)[] fields)
    {
        var sorted = new TemplateField[fields.Length];
        for (var i = 0; i < fields.Length; i++) sorted[i] = new TemplateField(fields[i].Name, fields[i].Value);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new TemplateStruct(structType, sorted) { Methods = methods, FieldsAreMethods = true };
    }
}
