using Wharf.Cli.Tests.Integration;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Volume;

/// <summary>The volume commands against a real wharfd: what wharf prints, and that the docker CLI prints the same.</summary>
public sealed class VolumeWharfdTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    [RootFact]
    public async Task Volume_lifecycle_through_the_cli()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        string? anonymous = null;
        try
        {
            var create = await cli.RunAsync("volume", "create", "--label", "clivol=1", "clivol-data");
            Assert.True(create.Code == 0, create.Err);
            Assert.Equal("clivol-data\n", create.Out);
            var anon = await cli.RunAsync("volume", "create", "--label", "clivol=1");
            Assert.Matches("^[0-9a-f]{64}\n$", anon.Out);
            anonymous = anon.Out.Trim();

            var ls = await cli.RunAsync("volume", "ls", "-f", "label=clivol=1");
            // Sorted by name: the random hex name may come before or after "clivol-data".
            var rows = string.Concat(new[] { anonymous, "clivol-data" }.Order(StringComparer.Ordinal).Select(n => $"local     {n}\n"));
            Assert.Equal("DRIVER    VOLUME NAME\n" + rows, ls.Out);

            var inspect = await cli.RunAsync("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Labels}} {{.Scope}}", "clivol-data");
            Assert.Equal("clivol-data local map[clivol:1] local\n", inspect.Out);
            var top = await cli.RunAsync("inspect", "-f", "{{.Name}}", "clivol-data");
            Assert.Equal("clivol-data\n", top.Out);

            var rm = await cli.RunAsync("volume", "rm", "clivol-data", "clivol-nope");
            Assert.Equal(1, rm.Code);
            Assert.Equal("clivol-data\n", rm.Out);
            Assert.Equal("Error response from daemon: get clivol-nope: no such volume\n", rm.Err);

            var prune = await cli.RunAsync("volume", "prune", "--filter", "label=clivol=1");
            Assert.Equal("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
                + $"Deleted Volumes:\n{anonymous}\n\nTotal reclaimed space: 0B\n", prune.Out);
            Assert.Equal("", (await cli.RunAsync("volume", "ls", "-q", "-f", "label=clivol=1")).Out);
        }
        finally
        {
            await cli.RunAsync(["volume", "rm", "-f", "clivol-data", .. anonymous is null ? Array.Empty<string>() : [anonymous]]);
        }
    }

    [RootFact]
    public Task The_docker_cli_prints_the_same_against_wharfd() => VolumeCliComparison.RunAsync(daemon.SocketPath, "clivolw");
}
