using Wharf.Engine;
using Wharf.Server.Http;
using Wharf.Server.Mapping;

namespace Wharf.Server.Tests;

public sealed class QueryTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData(" 1 ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("none", false)]
    [InlineData("None", false)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    public void Booleans_parse_as_dockerd_does(string value, bool expected) => Assert.Equal(expected, Query.ParseBool(value));

    [Fact]
    public void Filters_in_map_form_are_read()
    {
        var filters = FilterMapping.Parse("""{"dangling":{"true":true},"label":{"gtcap=1":true,"b":true}}""");
        Assert.Equal(["true"], filters.Get("dangling"));
        Assert.Equal(["b", "gtcap=1"], filters.Get("label").Order());
    }

    [Fact]
    public void Filters_in_list_form_are_read()
    {
        var filters = FilterMapping.Parse("""{"label": ["gtcap=1", "x"], "reference": ["busybox"]}""");
        Assert.Equal(["gtcap=1", "x"], filters.Get("label").Order());
        Assert.Equal(["busybox"], filters.Get("reference"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    public void Missing_or_empty_filters_are_empty(string? json) => Assert.Empty(FilterMapping.Parse(json).Keys);

    [Theory]
    [InlineData("notjson")]
    [InlineData("{\"label\":")]
    [InlineData("[\"label\"]")]
    [InlineData("{\"label\":\"x\"}")]
    [InlineData("{\"label\":[1]}")]
    public void Invalid_filters_are_invalid_arguments(string json)
    {
        var e = Assert.Throws<EngineException>(() => FilterMapping.Parse(json));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(string.IsNullOrEmpty(e.Message));
    }
}
