using System.Text;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Tests.Unit;

public sealed class GoTemplateTests
{
    const string Data = """
        {"Name":"web","Size":5242880,"Ratio":0.5,"Tags":["a:1","b:2"],"Labels":{"z":"last","a":"first"},"Empty":"","Zero":0,
         "Nested":{"Inner":{"Value":"deep"}},"Null":null,"Flag":true,"Words":"hello big world"}
        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "{{.Name}}", "web" },
        { "{{.Nested.Inner.Value}}", "deep" },
        { "{{.Missing}}", "<no value>" },
        { "{{.Null}}", "<nil>" },
        { "{{.Size}}", "5242880" },
        { "{{.Ratio}}", "0.5" },
        { "{{.Tags}}", "[a:1 b:2]" },
        { "{{.Labels}}", "map[a:first z:last]" },
        { "{{json .Labels}}", "{\"z\":\"last\",\"a\":\"first\"}" },
        { "{{json .Name}}", "\"web\"" },
        { "{{range .Tags}}<{{.}}>{{end}}", "<a:1><b:2>" },
        { "{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}", "0=a:1 1=b:2 " },
        { "{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}", "a:first;z:last;" },
        { "{{range .Missing}}x{{else}}none{{end}}", "none" },
        { "{{if .Flag}}yes{{else}}no{{end}}", "yes" },
        { "{{if .Empty}}yes{{else if .Zero}}zero{{else}}neither{{end}}", "neither" },
        { "{{if not .Empty}}empty{{end}}", "empty" },
        { "{{if and .Flag .Name}}both{{end}}", "both" },
        { "{{or .Empty .Name}}", "web" },
        { "{{with .Nested.Inner}}{{.Value}}{{end}}", "deep" },
        { "{{index .Labels \"a\"}}", "first" },
        { "{{index .Tags 1}}", "b:2" },
        { "{{join .Tags \", \"}}", "a:1, b:2" },
        { "{{upper .Name}} {{lower \"ABC\"}} {{title .Words}}", "WEB abc Hello Big World" },
        { "{{split .Words \" \"}}", "[hello big world]" },
        { "{{index (split .Words \" \") 2}}", "world" },
        { "{{printf \"%s-%d-%5s|%-4s|%.2f|%q\" .Name .Size \"ab\" \"c\" .Ratio .Name}}", "web-5242880-   ab|c   |0.50|\"web\"" },
        { "{{pad .Name 2 3}}|", "  web   |" },
        { "{{truncate .Words 5}}", "hello" },
        { "{{truncate .Name 10}}", "web" },
        { "{{println .Name .Size}}", "web 5242880\n" },
        { "{{.Name | upper}}", "WEB" },
        { "{{.Name | printf \"%s!\"}}", "web!" },
        { "{{len .Tags}} {{len .Name}}", "2 3" },
        { "{{eq .Name \"web\"}} {{ne .Size 1}} {{lt 1 2}}", "true true true" },
        { "a  {{- .Name -}}  b", "awebb" },
        { "{{/* a comment */}}x", "x" },
        { "{{$n := .Name}}{{$n}}{{$n}}", "webweb" },
        { "{{range .Tags}}{{$.Name}}{{end}}", "webweb" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_with_gos_semantics(string template, string expected)
    {
        Assert.Equal(expected, GoTemplate.Parse(template).Execute(JsonNode.Parse(Data)));
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "{{.Name", "template: :1: unclosed action" },
        { "{{nope .Name}}", "template: :1: function \"nope\" not defined" },
        { "{{if .Name}}x", "template: :1: unexpected EOF" },
        { "{{end}}", "template: :1: unexpected {{end}}" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_errors_read_as_gos(string template, string message)
    {
        Assert.Equal(message, Assert.Throws<TemplateException>(() => GoTemplate.Parse(template)).Message);
    }

    [Fact]
    public void A_missing_field_of_a_struct_row_is_an_error_naming_the_type()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Foo}}").Execute(new StringBuilder(), Formatter.Row("*formatter.imageContext", ("ID", "x"))));
        Assert.Equal("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext", e.Message);
    }

    [Fact]
    public void A_field_of_a_missing_key_is_a_nil_pointer_error()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.A.B}}").Execute(JsonNode.Parse("{}")));
        Assert.Contains("nil pointer evaluating interface {}.B", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_check_argument_types()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{upper .N}}").Execute(JsonNode.Parse("""{"N":1}""")));
        Assert.Contains("error calling upper: wrong type for value; expected string; got int", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_rendering_passes_titles_through_the_formatting_functions()
    {
        var titles = new TemplateMap([new("Name", "NAME")]);
        var header = new StringBuilder();
        GoTemplate.Parse("{{upper .Name}}|{{truncate .Name 2}}|{{json .Name}}|{{.Other}}|").ExecuteHeader(header, titles);
        Assert.Equal("NAME|NAME|||", header.ToString());
    }

    [Fact]
    public void A_computed_struct_computes_only_the_fields_a_template_reads_and_all_of_them_for_json()
    {
        var read = new List<string>();
        var row = new TemplateStruct("*formatter.ContainerContext", ["A", "B", "C"], name =>
        {
            read.Add(name);
            return name.ToLowerInvariant();
        });
        var text = new StringBuilder();
        GoTemplate.Parse("{{.B}}").Execute(text, row);
        Assert.Equal("b", text.ToString());
        Assert.Equal(["B"], read);

        text.Clear();
        GoTemplate.Parse("{{json .}}").Execute(text, row);
        Assert.Equal("""{"A":"a","B":"b","C":"c"}""", text.ToString());
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.D}}").Execute(new StringBuilder(), row));
        Assert.EndsWith("can't evaluate field D in type *formatter.ContainerContext", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rows_methods_answer_wherever_the_row_is_dot_and_the_header_methods_for_the_titles()
    {
        var row = Formatter.Row("*formatter.ContainerContext", new LabelMethods(new Dictionary<string, string> { ["com.example.my-team"] = "core" }), ("ID", "x"));
        var template = GoTemplate.Parse("{{.Label \"com.example.my-team\"}}|{{with $}}{{.Label \"nope\"}}{{end}}|{{.ID}}");
        var text = new StringBuilder();
        template.Execute(text, row);
        Assert.Equal("core||x", text.ToString());
        var header = new StringBuilder();
        template.ExecuteHeader(header, new TemplateMap([new("ID", "CONTAINER ID")]), LabelMethods.Header);
        Assert.Equal("my team|nope|CONTAINER ID", header.ToString());
        // A method is called with its arguments; without them the name is looked up as a field, which the row lacks.
        var bare = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Label}}").Execute(new StringBuilder(), row));
        Assert.EndsWith("can't evaluate field Label in type *formatter.ContainerContext", bare.Message, StringComparison.Ordinal);
        // Without the method, Go looks the name up as a field, which the context lacks (as the docker CLI says).
        var e = Assert.Throws<TemplateException>(() => template.Execute(new StringBuilder(), Formatter.Row("*formatter.imageContext", ("ID", "x"))));
        Assert.EndsWith("at <.Label>: can't evaluate field Label in type *formatter.imageContext", e.Message, StringComparison.Ordinal);
    }

    static readonly TemplateStruct Inner = new("pkg.inner", new TemplateField("Name", "x"));

    // A struct as the docker CLI's own types are: Go field names, json tags, omitempty, a nil pointer, a map and a slice.
    static readonly TemplateStruct Typed = new("pkg.typed",
        new TemplateField("Name", "web"),
        new TemplateField("APIVersion", "1.41", "ApiVersion"),
        new TemplateField("Platform", new TemplateNil("*pkg.platform", "Name"), omitEmpty: true),
        new TemplateField("Empty", "", omitEmpty: true),
        new TemplateField("Flag", false, omitEmpty: true),
        new TemplateField("Count", 3L),
        new TemplateField("Inner", Inner),
        new TemplateField("Labels", new TemplateMap([new("z", "last"), new("a", "first")]), omitEmpty: true),
        new TemplateField("Tags", new List<object?> { "a", "b" }));

    public static TheoryData<string, string> StructCases => new()
    {
        { "{{.Name}} {{.APIVersion}} {{.Count}} {{.Inner.Name}}", "web 1.41 3 x" },
        { "{{.Platform}}|{{.Empty}}|{{.Flag}}", "<nil>||false" },
        { "{{.Inner}}", "{x}" },
        { "{{.}}", "{web 1.41 <nil>  false 3 {x} map[a:first z:last] [a b]}" },
        { "{{.Labels}} {{index .Labels \"z\"}} {{.Labels.a}} {{.Labels.nope}} {{len .Labels}}", "map[a:first z:last] last first <no value> 2" },
        { "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=first;z=last;" },
        { "{{if ne .Platform nil}}set{{else}}nil{{end}} {{if .Inner}}true{{end}}", "nil true" },
        { "{{eq .Inner .Inner}}", "true" },
        { "{{json .}}", """{"Name":"web","ApiVersion":"1.41","Count":3,"Inner":{"Name":"x"},"Labels":{"a":"first","z":"last"},"Tags":["a","b"]}""" },
        { "{{json .Inner}}", """{"Name":"x"}""" },
    };

    [Theory]
    [MemberData(nameof(StructCases))]
    public void Structs_render_as_go_renders_its_types(string template, string expected)
    {
        var output = new StringBuilder();
        GoTemplate.Parse(template).Execute(output, Typed);
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void An_unknown_field_of_a_struct_names_its_type_and_what_ran_before_stays_written()
    {
        var output = new StringBuilder();
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("a{{.Inner.Nope}}", "version").Execute(output, Typed));
        Assert.Equal("template: version:1:9: executing \"version\" at <.Inner.Nope>: can't evaluate field Nope in type pkg.inner", e.Message);
        Assert.Equal("a", output.ToString());
    }

    // Positions as Go gives them (checked against the docker CLI): the field, or the chain after the first term.
    [Theory]
    [InlineData("{{ .Nope}}", "1:3", ".Nope", "pkg.typed")]
    [InlineData("{{- .Inner.Nope}}", "1:10", ".Inner.Nope", "pkg.inner")]
    [InlineData("ab\nc{{.Inner.Nope}}", "2:9", ".Inner.Nope", "pkg.inner")]
    [InlineData("{{$c := .Inner}}{{$c.Nope}}", "1:20", "$c.Nope", "pkg.inner")]
    [InlineData("{{with .Inner}}{{.Nope}}{{end}}", "1:17", ".Nope", "pkg.inner")]
    [InlineData("{{.Inner.Name.Nope}}", "1:8", ".Inner.Name.Nope", "string")]
    // After a parenthesized pipeline, Go points at the last node the pipeline evaluated.
    [InlineData("{{(.Inner).Nope}}", "1:3", ".Inner", "pkg.inner")]
    [InlineData("{{(index .Tags 0).Nope}}", "1:15", "0", "string")]
    [InlineData("{{(\"a\").Nope}}", "1:3", "\"a\"", "string")]
    [InlineData("{{(.Tags | len).Nope}}", "1:11", "len", "int")]
    // A nil pointer's type has its own fields; a name it lacks is still the type's error.
    [InlineData("{{.Platform.Nope}}", "1:11", ".Platform.Nope", "*pkg.platform")]
    public void Field_errors_point_where_go_points(string template, string position, string at, string type)
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template, "t").Execute(new StringBuilder(), Typed));
        Assert.Equal($"template: t:{position}: executing \"t\" at <{at}>: can't evaluate field Nope in type {type}", e.Message);
    }

    // Arguments given to what is not a function, each as the docker CLI 28 words it: a context's fields are methods
    // without parameters, a plain struct's are fields, and a parenthesized pipeline is named by its text.
    [Theory]
    [InlineData("{{.ID 1}}", true, "1:2", ".ID", "wrong number of args for ID: want 0 got 1")]
    [InlineData("{{1 | .ID 2}}", true, "1:6", ".ID", "wrong number of args for ID: want 0 got 2")]
    [InlineData("{{$x := .}}{{$x.ID 1}}", true, "1:15", "$x.ID", "wrong number of args for ID: want 0 got 1")]
    [InlineData("{{.ID 1}}", false, "1:2", ".ID", "ID has arguments but cannot be invoked as function")]
    [InlineData("{{(.Inner).Name 1}}", false, "1:3", ".Inner", "Name has arguments but cannot be invoked as function")]
    [InlineData("{{.Labels.a 1}}", false, "1:9", ".Labels.a", "a is not a method but has arguments")]
    [InlineData("{{.Nope 1}}", true, "1:2", ".Nope", "can't evaluate field Nope in type pkg.typed")]
    [InlineData("{{(.ID) 1}}", true, "1:2", "(.ID) 1", "can't give argument to non-function .ID")]
    [InlineData("{{(.ID | printf \"%s\") 1}}", true, "1:2", "(.ID | printf \"%s\") 1", "can't give argument to non-function .ID | printf \"%s\"")]
    public void Arguments_to_a_field_are_gos_errors(string template, bool context, string position, string at, string message)
    {
        var row = new TemplateStruct("pkg.typed", new TemplateField("ID", "x"), new TemplateField("Inner", Inner),
            new TemplateField("Labels", new TemplateMap([new("a", "b")]))) { FieldsAreMethods = context };
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template, "t").Execute(new StringBuilder(), row));
        Assert.Equal($"template: t:{position}: executing \"t\" at <{at}>: {message}", e.Message);
    }

    [Fact]
    public void A_field_of_a_nil_pointer_is_gos_nil_pointer_error()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Platform.Name}}", "t").Execute(new StringBuilder(), Typed));
        Assert.Equal("template: t:1:11: executing \"t\" at <.Platform.Name>: nil pointer evaluating *pkg.platform.Name", e.Message);
        var output = new StringBuilder();
        GoTemplate.Parse("{{.Platform}} {{json .Platform}} {{eq .Platform nil}} {{if .Platform}}set{{end}}").Execute(output, Typed);
        Assert.Equal("<nil> null true ", output.ToString());
    }

    [Fact]
    public void A_struct_is_no_range_and_a_map_no_comparison()
    {
        var range = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{range .Inner}}{{end}}").Execute(new StringBuilder(), Typed));
        Assert.Contains("range can't iterate over {x}", range.Message, StringComparison.Ordinal);
        var eq = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{eq .Labels .Labels}}").Execute(new StringBuilder(), Typed));
        Assert.Contains("error calling eq: invalid type for comparison", eq.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_name_the_template()
    {
        Assert.Equal("template: version:1: unclosed action", Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Name", "version")).Message);
    }
}
