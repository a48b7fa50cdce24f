using Wharf.Engine.Containers;

namespace Wharf.Engine.Tests.Containers;

public sealed class ContainerNamesTests
{
    [Theory]
    [InlineData("web", "web")]
    [InlineData("/web", "web")]
    [InlineData("a1", "a1")]
    [InlineData("my_app.v2-x", "my_app.v2-x")]
    public void Valid_names(string input, string stored) => Assert.Equal(stored, ContainerNames.Validate(input));

    [Theory]
    [InlineData("bad name!")]
    [InlineData("a")]
    [InlineData("_web")]
    [InlineData("-web")]
    [InlineData("we/b")]
    [InlineData("")]
    public void Invalid_names_use_dockers_message(string input)
    {
        var e = Assert.Throws<EngineException>(() => ContainerNames.Validate(input));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal($"Invalid container name ({input}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.Message);
    }

    [Fact]
    public void Random_names_are_adjective_surname_and_avoid_names_in_use()
    {
        var taken = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var name = ContainerNames.Random(taken.Contains);
            Assert.Matches("^[a-z]+_[a-z]+[0-9]?$", name);
            Assert.True(ContainerNames.IsGenerated(name), name);
            Assert.True(taken.Add(name), $"duplicate {name}");
        }
    }

    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("TERM", 15)]
    [InlineData("sigkill", 9)]
    [InlineData("9", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    public void Signals_parse(string text, int number) => Assert.Equal(number, Signals.Parse(text));

    [Fact]
    public void Unknown_signal_is_invalid()
    {
        var e = Assert.Throws<EngineException>(() => Signals.Parse("SIGNOPE"));
        Assert.Equal("Invalid signal: SIGNOPE", e.Message);
    }
}
