using Wharf.Cli.Tests.Integration;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Network;

/// <summary>
/// Runs each network command with wharf and with the docker CLI against the same daemon, putting the daemon back in the
/// same state before each, and asserts the same stdout, stderr and exit code. Every network it makes has a name and a
/// label of its own and a subnet in 10.214.0.0/16, and is removed at the end, even on failure.
/// </summary>
internal static class NetworkCliComparison
{
    public static async Task RunAsync(string socket, string prefix)
    {
        using var cli = new CliRunner(socket);
        var label = $"{prefix}=1";
        var third = Random.Shared.Next(0, 250);
        string[] names = [$"{prefix}-a", $"{prefix}-10", $"{prefix}-9"];
        string Subnet(int i) => $"10.214.{third + i}.0/24";
        try
        {
            // One label per network: docker joins labels in Go's random map order.
            for (var i = 0; i < names.Length; i++)
            {
                var made = await DockerAsync(socket, "network", "create", "--label", label, "--subnet", Subnet(i), "--gateway", $"10.214.{third + i}.1", names[i]);
                Assert.True(made.ExitCode == 0, made.ToString());
            }

            // create: a taken name is the daemon's error; pools that do not match are refused by the CLI alike.
            await SameAsync(cli, socket, null, ["network", "create", "--label", label, "--subnet", Subnet(0), names[0]]);
            await SameAsync(cli, socket, null, ["network", "create", "--subnet", Subnet(5), "--gateway", "10.215.0.1", $"{prefix}-x"]);
            await SameAsync(cli, socket, null, ["network", "create", "a", "b"]);

            // ls: the label filter keeps other tests' networks out; natural order puts -9 before -10.
            var listed = await SameAsync(cli, socket, null, ["network", "ls", "--filter", $"label={label}"]);
            Assert.Equal(4, listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            await SameAsync(cli, socket, null, ["network", "list", "-q", "--no-trunc", "-f", $"label={label}"]);
            await SameAsync(cli, socket, null, ["network", "ls", "-f", $"label={label}", "--format", "json"]);
            await SameAsync(cli, socket, null, ["network", "ls", "-f", $"name={prefix}-a", "--format", "table {{.Name}}\\t{{.Label \"" + prefix + "\"}}\\t{{.Internal}}\\t{{.IPv6}}\\t{{.Labels}}"]);

            // inspect: the daemon's JSON, templates over the typed network, a missing network reported after the rest.
            await SameAsync(cli, socket, null, ["network", "inspect", names[0], names[2]]);
            await SameAsync(cli, socket, null, ["network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Options}} {{.Containers}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}", names[0], $"{prefix}-nope", names[1]]);
            await SameAsync(cli, socket, null, ["network", "inspect", $"{prefix}-nope"]);
            await SameAsync(cli, socket, null, ["inspect", "--type", "network", "-f", "{{.Name}} {{.Internal}}", names[0]]);

            // connect/disconnect: a container that does not exist is the daemon's error, whatever it answers.
            await SameAsync(cli, socket, null, ["network", "connect", "--alias", "x", names[0], $"{prefix}-nocontainer"]);
            await SameAsync(cli, socket, null, ["network", "disconnect", names[0], $"{prefix}-nocontainer"]);

            // rm: the removed name printed, the daemon's errors at once and "exit status 1"; the network is made again for the other CLI.
            var recreate = () => DockerAsync(socket, "network", "create", "--label", label, "--subnet", Subnet(1), names[1]);
            await SameAsync(cli, socket, recreate, ["network", "rm", names[1], $"{prefix}-nope"]);
            await SameAsync(cli, socket, recreate, ["network", "remove", "-f", $"{prefix}-nope", names[1]]);

            // prune -f with our label: only our networks go; one left, so "Deleted Networks" has one order.
            await DockerAsync(socket, "network", "rm", names[0], names[2]);
            var pruned = await SameAsync(cli, socket, recreate, ["network", "prune", "-f", "--filter", $"label={label}"]);
            Assert.Equal($"Deleted Networks:\n{names[1]}\n\n", pruned);
        }
        finally
        {
            await DockerAsync(socket, ["network", "rm", "-f", .. names]);
        }
    }

    /// <summary>Runs both CLIs and compares them; returns what both printed on stdout.</summary>
    static async Task<string> SameAsync(CliRunner cli, string socket, Func<Task<ProcessResult>>? reset, string[] args)
    {
        if (reset is not null) await reset();
        var ours = await cli.RunAsync(args);
        if (reset is not null) await reset();
        var theirs = await DockerAsync(socket, args);
        var what = string.Join(' ', args);
        Assert.True(theirs.ExitCode == ours.Code, $"{what}: exit {ours.Code}, docker {theirs.ExitCode}; stderr {ours.Err} / {theirs.Stderr}");
        Assert.Equal(theirs.Stdout, ours.Out);
        // docker's usage text names "docker" where ours names "wharf".
        Assert.Equal(theirs.Stderr.Replace("docker", "wharf", StringComparison.Ordinal), ours.Err);
        return ours.Out;
    }

    static Task<ProcessResult> DockerAsync(string socket, params string[] args) => ProcessRunner.RunAsync("docker", ["-H", $"unix://{socket}", .. args]);
}
