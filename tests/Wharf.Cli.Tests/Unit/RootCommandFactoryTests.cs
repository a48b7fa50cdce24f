using System.CommandLine;
using Wharf.Cli.Commands;

namespace Wharf.Cli.Tests.Unit;

/// <summary>The command tree made for one verb only: the same verb as in the whole tree, chosen past the global flags, and the whole tree whenever in doubt.</summary>
public sealed class RootCommandFactoryTests
{
    static CliContext Context() => new FakeDaemon().Cli().Context;

    [Fact]
    public void Every_verb_of_the_whole_tree_is_made_alone_the_same()
    {
        var whole = RootCommandFactory.Create(Context());
        Assert.True(whole.IsWhole);
        foreach (var verb in whole.Command.Subcommands.Where(c => c.Name != "completion"))
        {
            var alone = RootCommandFactory.Create(Context(), [verb.Name, "--help"]);
            Assert.False(alone.IsWhole);
            Assert.Equal(Shape(verb), Shape(Assert.Single(alone.Command.Subcommands)));
            Assert.Equal(Names(whole.Command.Options), Names(alone.Command.Options));
        }
    }

    [Theory]
    [InlineData("version")]
    [InlineData("-H", "unix:///x.sock", "version")]
    [InlineData("--host=unix:///x.sock", "--context", "ctx", "version", "--format", "json")]
    [InlineData("--tls", "--tlsverify", "--tlscacert", "ca.pem", "version")]
    public void The_verb_comes_after_the_global_flags_and_their_values(params string[] args)
    {
        var tree = RootCommandFactory.Create(Context(), args);

        Assert.False(tree.IsWhole);
        Assert.Equal("version", Assert.Single(tree.Command.Subcommands).Name);
    }

    [Theory]
    [InlineData]
    [InlineData("-v")]
    [InlineData("--version")]
    [InlineData("-H", "unix:///x.sock", "--version")]
    public void A_line_without_a_verb_gets_the_root_alone(params string[] args)
    {
        var tree = RootCommandFactory.Create(Context(), args);

        Assert.False(tree.IsWhole);
        Assert.Empty(tree.Command.Subcommands);
    }

    [Fact]
    public async Task The_root_alone_answers_as_the_whole_tree()
    {
        var version = new FakeDaemon().Cli();
        Assert.Equal(0, await version.RunAsync("--version"));
        Assert.Matches(@"^Wharf version \S+, build \S+\n$", version.Out.ToString());

        var bare = new FakeDaemon().Cli();
        Assert.Equal(0, await bare.RunAsync());
        Assert.Equal("Usage:  wharf [OPTIONS] COMMAND\nRun 'wharf --help' for more information on a command.\n", bare.Out.ToString());

        // A flag without its value is an error the whole tree reports.
        var missing = new FakeDaemon().Cli();
        Assert.Equal(125, await missing.RunAsync("-H"));
        Assert.StartsWith("Required argument missing for option: '-H'", missing.Err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("bogus")]
    [InlineData("completion", "bash")]
    [InlineData("--debug", "ps")]
    public void Anything_else_gets_the_whole_tree(params string[] args)
    {
        var tree = RootCommandFactory.Create(Context(), args);

        Assert.True(tree.IsWhole);
        Assert.Contains(tree.Command.Subcommands, c => c.Name == "ps");
    }

    [Fact]
    public async Task A_usage_error_reads_as_it_does_with_the_whole_tree()
    {
        var cli = new FakeDaemon().Cli();

        Assert.Equal(125, await cli.RunAsync("ps", "--bogus"));

        Assert.Equal("unknown flag: --bogus\n\nUsage:  wharf ps [OPTIONS]\n\nRun 'wharf ps --help' for more information\n", cli.Err.ToString());
    }

    static string Shape(Command command)
        => $"{command.Name}[{string.Join(',', command.Aliases)}]({Names(command.Options)};{string.Join(',', command.Arguments.Select(a => a.Name))})"
           + "{" + string.Join(' ', command.Subcommands.Select(Shape)) + "}";

    static string Names(IEnumerable<Option> options) => string.Join(',', options.Select(o => o.Name + "|" + string.Join('|', o.Aliases)));
}
