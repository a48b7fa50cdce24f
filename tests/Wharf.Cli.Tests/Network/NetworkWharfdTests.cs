using Wharf.Cli.Tests.Integration;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Network;

/// <summary>The network commands against a real wharfd: what wharf prints, and that the docker CLI prints the same.</summary>
public sealed class NetworkWharfdTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>
{
    [RootFact]
    public async Task Network_lifecycle_through_the_cli()
    {
        using var cli = new CliRunner(daemon.SocketPath);
        var tag = $"clinet{Random.Shared.Next(100000, 999999)}";
        var third = Random.Shared.Next(0, 250);
        string[] names = [$"{tag}-a", $"{tag}-b"];
        try
        {
            var created = new List<string>();
            for (var i = 0; i < names.Length; i++)
            {
                var create = await cli.RunAsync("network", "create", "--label", $"{tag}=1", "--subnet", $"10.214.{third + i}.0/24",
                    "--gateway", $"10.214.{third + i}.1", "-o", "com.docker.network.driver.mtu=1400", names[i]);
                Assert.True(create.Code == 0, create.Err);
                Assert.Matches("^[0-9a-f]{64}\n$", create.Out);
                created.Add(create.Out.Trim());
            }

            var duplicate = await cli.RunAsync("network", "create", names[0]);
            Assert.Equal(1, duplicate.Code);
            Assert.Equal($"Error response from daemon: network with name {names[0]} already exists\n", duplicate.Err);

            var ls = await cli.RunAsync("network", "ls", "-f", $"label={tag}=1");
            Assert.Equal("NETWORK ID     NAME" + new string(' ', names[0].Length - 1) + "DRIVER    SCOPE\n"
                + $"{created[0][..12]}   {names[0]}   bridge    local\n{created[1][..12]}   {names[1]}   bridge    local\n", ls.Out);
            var quiet = await cli.RunAsync("network", "ls", "-q", "--no-trunc", "-f", $"name={tag}-b");
            Assert.Equal(created[1] + "\n", quiet.Out);
            var builtIns = await cli.RunAsync("network", "ls", "--format", "{{.Name}} {{.Driver}}", "-f", "type=builtin");
            Assert.Equal("bridge bridge\nhost host\nnone null\n", builtIns.Out);

            var inspect = await cli.RunAsync("network", "inspect", "-f",
                "{{.Name}} {{.Id}} {{.Driver}} {{.Labels}} {{index .Options \"com.docker.network.driver.mtu\"}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}", names[0], $"{tag}-nope");
            Assert.Equal(1, inspect.Code);
            Assert.Equal($"{names[0]} {created[0]} bridge map[{tag}:1] 1400 10.214.{third}.0/24 10.214.{third}.1\n", inspect.Out);
            Assert.Equal($"Error response from daemon: network {tag}-nope not found\n", inspect.Err);
            var top = await cli.RunAsync("inspect", "-f", "{{.Name}} {{.Scope}}", names[1]);
            Assert.Equal($"{names[1]} local\n", top.Out);

            // connect and disconnect report the daemon's answer (a missing container, or an endpoint not there yet).
            var connect = await cli.RunAsync("network", "connect", "--alias", "x", names[0], $"{tag}-nocontainer");
            Assert.Equal(1, connect.Code);
            Assert.StartsWith("Error response from daemon: ", connect.Err, StringComparison.Ordinal);

            var rm = await cli.RunAsync("network", "rm", names[0], $"{tag}-nope");
            Assert.Equal(1, rm.Code);
            Assert.Equal(names[0] + "\n", rm.Out);
            Assert.Equal($"Error response from daemon: network {tag}-nope not found\nexit status 1\n", rm.Err);

            var prune = await cli.RunAsync("network", "prune", "--filter", $"label={tag}=1");
            Assert.Equal(0, prune.Code);
            Assert.Equal("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
                + $"Deleted Networks:\n{names[1]}\n\n", prune.Out);
            Assert.Equal("", (await cli.RunAsync("network", "ls", "-q", "-f", $"label={tag}=1")).Out);
        }
        finally
        {
            await cli.RunAsync(["network", "rm", "-f", .. names]);
        }
    }

    [RootFact]
    public Task The_docker_cli_prints_the_same_against_wharfd() => NetworkCliComparison.RunAsync(daemon.SocketPath, $"clinetw{Random.Shared.Next(1000, 9999)}");
}
