using Wharf.Engine.Volumes;

namespace Wharf.Engine.Tests.Volumes;

public sealed class VolumeNameTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("my-vol_1.data")]
    [InlineData("0volume")]
    public void Valid_names_pass(string name) => VolumeName.Validate(name);

    [Fact]
    public void A_single_character_is_too_short()
    {
        var e = Assert.Throws<EngineException>(() => VolumeName.Validate("a"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("create a: volume name is too short, names should be at least two alphanumeric characters", e.Message);
    }

    [Theory]
    [InlineData("_vol")]
    [InlineData("-vol")]
    [InlineData("a*b")]
    [InlineData("a/b")]
    [InlineData("vol name")]
    public void Other_characters_are_dockerds_error(string name)
    {
        var e = Assert.Throws<EngineException>(() => VolumeName.Validate(name));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal($"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path", e.Message);
    }

    [Fact]
    public void Anonymous_names_are_64_lowercase_hex_digits_and_differ()
    {
        var a = VolumeName.NewAnonymous();
        var b = VolumeName.NewAnonymous();
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, b);
        VolumeName.Validate(a);
    }
}
