using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Cli.Tests.Unit;

/// <summary>Scalars read from parsed and from built JSON nodes, and null for anything else.</summary>
public sealed class JsonNodeValuesTests
{
    static readonly JsonNode Parsed = JsonNode.Parse("""{"s":"a\"b","n":42,"f":1.5,"neg":-7,"t":true,"no":false,"nil":null,"o":{},"big":1e400}""")!;

    [Fact]
    public void Strings_come_unquoted_and_anything_else_is_null()
    {
        Assert.Equal("a\"b", Parsed["s"].AsString());
        Assert.Equal("built", ((JsonNode)"built").AsString());
        Assert.Null(Parsed["n"].AsString());
        Assert.Null(Parsed["nil"].AsString());
        Assert.Null(Parsed["missing"].AsString());
        Assert.Null(Parsed["o"].AsString());
    }

    [Fact]
    public void Booleans_are_read_from_true_and_false_only()
    {
        Assert.True(Parsed["t"].AsBool());
        Assert.False(Parsed["no"].AsBool());
        Assert.Null(Parsed["s"].AsBool());
        Assert.Null(Parsed["missing"].AsBool());
    }

    [Fact]
    public void Integers_are_read_from_whole_numbers_and_numbers_keep_their_text()
    {
        Assert.Equal(42, Parsed["n"].AsInt64());
        Assert.Equal(-7, Parsed["neg"].AsInt64());
        Assert.Equal(9, ((JsonNode)9L).AsInt64());
        Assert.Null(Parsed["f"].AsInt64());
        Assert.Null(Parsed["big"].AsInt64());
        Assert.Null(Parsed["s"].AsInt64());
        Assert.Equal("1.5", Parsed["f"].NumberText());
        Assert.Equal("1e400", Parsed["big"].NumberText());
        Assert.Null(Parsed["t"].NumberText());
    }
}
