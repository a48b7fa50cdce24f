using System.Text.Json;
using Wharf.Client;

namespace Wharf.Cli.Tests.Unit;

public sealed class JsonElementValuesTests
{
    static readonly JsonElement Entry = JsonElement.Parse("""
        {"Id":"abc","Null":null,"Number":42,"Big":1e40,"Text":"7","Names":["/a",1,"/b"],"Labels":{"x":"1","y":2},"Empty":[],"Map":{"n1":{},"n2":null}}
        """);

    [Fact]
    public void Strings_read_as_themselves_and_anything_else_as_empty()
    {
        Assert.Equal("abc", Entry.StringField("Id"));
        Assert.Equal("", Entry.StringField("Null"));
        Assert.Equal("", Entry.StringField("Number"));
        Assert.Equal("", Entry.StringField("Missing"));
        // A field of something that is not an object is missing too.
        Assert.Equal("", JsonElement.Parse("[1]").StringField("Id"));
    }

    [Fact]
    public void Integers_fall_back_when_missing_null_fractional_or_text()
    {
        Assert.Equal(42, Entry.Int64Field("Number"));
        Assert.Equal(-1, Entry.Int64Field("Missing", -1));
        Assert.Equal(-1, Entry.Int64Field("Null", -1));
        Assert.Equal(-1, Entry.Int64Field("Big", -1));
        Assert.Equal(0, Entry.Int64Field("Text"));
    }

    [Fact]
    public void Arrays_maps_and_keys_skip_what_is_not_theirs()
    {
        Assert.Equal(["/a", "/b"], Entry.StringsField("Names"));
        Assert.Empty(Entry.StringsField("Empty")!);
        Assert.Null(Entry.StringsField("Null"));
        Assert.Null(Entry.StringsField("Id"));
        Assert.Equal(3, Entry.ArrayField("Names").Count());
        Assert.Empty(Entry.ArrayField("Labels"));
        Assert.Equal(new Dictionary<string, string> { ["x"] = "1" }, Entry.StringMapField("Labels"));
        Assert.Empty(Entry.StringMapField("Null"));
        Assert.Equal(["n1", "n2"], Entry.KeysField("Map"));
        Assert.Empty(Entry.KeysField("Names"));
        Assert.True(Entry.TryGetField("Map", out var map) && map.ValueKind == JsonValueKind.Object);
        Assert.False(Entry.TryGetField("Null", out _));
    }
}
