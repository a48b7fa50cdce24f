using System.Text.Json.Nodes;
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
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Foo}}").Execute(JsonNode.Parse("""{"ID":"x"}"""), "*formatter.imageContext"));
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
        var titles = new JsonObject { ["Name"] = "NAME" };
        Assert.Equal("NAME|NAME|", GoTemplate.Parse("{{upper .Name}}|{{truncate .Name 2}}|{{json .Name}}").ExecuteHeader(titles));
    }
}
