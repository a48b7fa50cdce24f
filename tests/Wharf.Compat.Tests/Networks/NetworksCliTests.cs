using Wharf.Testing.Daemon;

namespace Wharf.Compat.Tests.Networks;

/// <summary>
/// <c>docker network create|ls|inspect|rm|prune</c> with the real CLI against a real wharfd. Network objects only: no
/// bridge device is made yet. Every test names its networks (private 10.213.x.0/24 subnets) and removes them, even when it fails.
/// </summary>
public sealed class NetworksCliTests(WharfdFixture daemon) : IClassFixture<WharfdFixture>, IAsyncLifetime
{
    readonly DockerCli _docker = new(daemon.SocketPath);
    readonly List<string> _networks = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _networks) await _docker.RunAsync("network", "rm", name);
        _docker.Dispose();
    }

    string Network(string name)
    {
        _networks.Add(name);
        return name;
    }

    [CompatFact]
    public async Task Create_ls_inspect_rm()
    {
        var name = Network("cli-net-basic");
        var id = Cli.Ok(await _docker.RunAsync("network", "create", "--label", "cli=basic", "--subnet", "10.213.50.0/24", "--ip-range", "10.213.50.128/25", name)).Trim();
        Assert.Equal(64, id.Length);
        var dup = await _docker.RunAsync("network", "create", name);
        Assert.True(dup.ExitCode == 1, dup.ToString());
        Assert.Contains($"network with name {name} already exists", dup.Stderr, StringComparison.Ordinal);

        Assert.Equal($"{id[..12]} {name} bridge local\n",
            Cli.Ok(await _docker.RunAsync("network", "ls", "--filter", "label=cli=basic", "--format", "{{.ID}} {{.Name}} {{.Driver}} {{.Scope}}")));
        var all = Cli.Lines(Cli.Ok(await _docker.RunAsync("network", "ls", "--format", "{{.Name}}")));
        Assert.Contains("bridge", all);
        Assert.Contains("host", all);
        Assert.Contains("none", all);

        var inspect = Cli.Ok(await _docker.RunAsync("network", "inspect", "-f",
            "{{.Name}} {{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}} {{.IPRange}}{{end}} {{.Labels}}", name));
        Assert.Equal($"{name} bridge 10.213.50.0/24 10.213.50.1 10.213.50.128/25 map[cli:basic]\n", inspect);

        Assert.Equal($"{name}\n", Cli.Ok(await _docker.RunAsync("network", "rm", name)));
        var again = await _docker.RunAsync("network", "rm", name);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains($"network {name} not found", again.Stderr, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task Builtins_cannot_be_removed_or_recreated_and_overlaps_are_refused()
    {
        var rm = await _docker.RunAsync("network", "rm", "bridge");
        Assert.True(rm.ExitCode == 1, rm.ToString());
        Assert.Contains("bridge is a pre-defined network and cannot be removed", rm.Stderr, StringComparison.Ordinal);
        var create = await _docker.RunAsync("network", "create", "none");
        Assert.True(create.ExitCode == 1, create.ToString());
        Assert.Contains("operation is not permitted on predefined none network", create.Stderr, StringComparison.Ordinal);

        Cli.Ok(await _docker.RunAsync("network", "create", "--subnet", "10.213.51.0/24", Network("cli-net-a")));
        var overlap = await _docker.RunAsync("network", "create", "--subnet", "10.213.51.0/25", Network("cli-net-b"));
        Assert.True(overlap.ExitCode == 1, overlap.ToString());
        Assert.Contains("Pool overlaps with other one on this address space", overlap.Stderr, StringComparison.Ordinal);
    }

    [CompatFact]
    public async Task Prune_removes_matching_unused_networks()
    {
        Cli.Ok(await _docker.RunAsync("network", "create", "--label", "cli=prune", "--subnet", "10.213.52.0/24", Network("cli-net-prune")));
        Cli.Ok(await _docker.RunAsync("network", "create", "--label", "cli=keep", "--subnet", "10.213.53.0/24", Network("cli-net-keep")));
        var output = Cli.Ok(await _docker.RunAsync("network", "prune", "-f", "--filter", "label=cli=prune"));
        Assert.Equal("Deleted Networks:\ncli-net-prune\n\n", output);
        Assert.Equal("cli-net-keep\n", Cli.Ok(await _docker.RunAsync("network", "ls", "--filter", "label=cli", "--format", "{{.Name}}")));
    }
}
