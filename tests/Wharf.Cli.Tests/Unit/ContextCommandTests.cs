using Wharf.Testing;

namespace Wharf.Cli.Tests.Unit;

public sealed class ContextCommandTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    TestCli Cli(params (string, string)[] env) => new FakeDaemon().Cli(configDir: _dir.Path, env: env.ToDictionary(e => e.Item1, e => e.Item2));

    [Fact]
    public async Task Create_ls_use_inspect_rm()
    {
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "create", "remote", "--description", "lab box", "--docker", "host=tcp://10.0.0.1:2376,skip-tls-verify=true"));
        Assert.Equal("remote\n", cli.Out.ToString());
        Assert.Equal("Successfully created context \"remote\"\n", cli.Err.ToString());

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "use", "remote"));
        Assert.Equal("remote\n", cli.Out.ToString());

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "ls"));
        Golden.Assert(cli.Out.ToString(), "context-ls.golden");

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "inspect", "-f", "{{.Endpoints.docker.Host}} {{.Endpoints.docker.SkipTLSVerify}} {{.Metadata.Description}}"));
        Assert.Equal("tcp://10.0.0.1:2376 true lab box\n", cli.Out.ToString());

        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "rm", "remote"));
        Assert.Equal("context \"remote\" is in use, set -f flag to force remove\n", cli.Err.ToString());

        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "rm", "-f", "remote"));
        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("context", "ls", "-q"));
        Assert.Equal("default\n", cli.Out.ToString());
    }

    [Fact]
    public async Task Bad_names_and_keys_are_refused()
    {
        var cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "create", "bad!name", "--docker", "host=unix:///x"));
        Assert.StartsWith("context name \"bad!name\" is invalid", cli.Err.ToString(), StringComparison.Ordinal);
        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "create", "good", "--docker", "hots=unix:///x"));
        Assert.Equal("unable to create docker endpoint config: unrecognized config key: hots\n", cli.Err.ToString());
        cli = Cli();
        Assert.Equal(1, await cli.RunAsync("context", "use", "nope"));
        Assert.Equal("context \"nope\" does not exist\n", cli.Err.ToString());
    }

    [Fact]
    public async Task Completion_scripts_name_commands_and_flags()
    {
        var cli = Cli();
        Assert.Equal(0, await cli.RunAsync("completion", "bash"));
        var script = cli.Out.ToString();
        Assert.Contains("complete -o default -F _wharf wharf", script, StringComparison.Ordinal);
        Assert.Contains("\"image ls\") COMPREPLY=($(compgen -W \"", script, StringComparison.Ordinal);
        Assert.Contains("--digests", script, StringComparison.Ordinal);
        cli = Cli();
        Assert.Equal(0, await cli.RunAsync("completion", "fish"));
        Assert.Contains("complete -c wharf -n '__fish_use_subcommand' -f -a images", cli.Out.ToString(), StringComparison.Ordinal);
        cli = Cli();
        Assert.Equal(125, await cli.RunAsync("completion", "tcsh"));
    }
}
