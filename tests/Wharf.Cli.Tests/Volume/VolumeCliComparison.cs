using Wharf.Cli.Tests.Integration;
using Wharf.Testing.Daemon;

namespace Wharf.Cli.Tests.Volume;

/// <summary>
/// Runs each volume command with wharf and with the docker CLI against the same daemon, putting the daemon back in the
/// same state before each, and asserts the same stdout, stderr and exit code. Every volume it makes carries a label of
/// its own and is removed at the end, even on failure.
/// </summary>
internal static class VolumeCliComparison
{
    /// <param name="servesNetworks">docker's top-level inspect asks for a network before a volume; without /networks the
    /// daemon's error ends it, so that comparison needs a daemon that serves networks.</param>
    public static async Task RunAsync(string socket, string prefix, bool servesNetworks = true)
    {
        using var cli = new CliRunner(socket);
        var label = $"{prefix}=1";
        string[] names = [$"{prefix}-a", $"{prefix}-b", $"{prefix}-10", $"{prefix}-9"];
        try
        {
            // create: idempotent on the daemon, so both print the name; a second name and a missing driver are refused alike.
            // One label per volume: docker joins labels in Go's random map order.
            await SameAsync(cli, socket, null, ["volume", "create", "--label", "tier=db", names[0]]);
            await SameAsync(cli, socket, null, ["volume", "create", "--label", label, "-d", "local", "--opt", "type=tmpfs", "-o", "device=tmpfs", names[1]]);
            await SameAsync(cli, socket, null, ["volume", "create", "--name", "x", "y"]);
            await SameAsync(cli, socket, null, ["volume", "create", "a", "b"], compareStderr: false);
            foreach (var name in names[2..]) await DockerAsync(socket, "volume", "create", "--label", label, name);

            // ls: the name filter (a substring) keeps other tests' volumes out.
            await SameAsync(cli, socket, null, ["volume", "ls", "--filter", $"name={prefix}-"]);
            await SameAsync(cli, socket, null, ["volume", "list", "-q", "-f", $"name={prefix}-", "-f", "label=tier=db"]);
            await SameAsync(cli, socket, null, ["volume", "ls", "-f", $"name={prefix}-", "--format", "json"]);
            await SameAsync(cli, socket, null, ["volume", "ls", "-f", $"name={prefix}-", "--format", "table {{.Name}}\\t{{.Scope}}\\t{{.Label \"tier\"}}\\t{{.Links}}"]);
            await SameAsync(cli, socket, null, ["volume", "ls", "-f", "bogus=1"]);

            // inspect: raw JSON, a template, a missing volume reported after the rest; top-level inspect finds volumes too.
            await SameAsync(cli, socket, null, ["volume", "inspect", names[0], names[1]]);
            await SameAsync(cli, socket, null, ["volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Options}} {{.Labels}} {{.Status}}", names[0], $"{prefix}-nope", names[1]]);
            if (servesNetworks) await SameAsync(cli, socket, null, ["inspect", "-f", "{{.Name}} {{.Scope}}", names[0]]);
            await SameAsync(cli, socket, null, ["inspect", "--type", "volume", $"{prefix}-nope"]);

            // rm: the removed name printed, the daemon's errors after; the volume is made again for the other CLI.
            var recreate = () => DockerAsync(socket, "volume", "create", "--label", label, names[2]);
            await SameAsync(cli, socket, recreate, ["volume", "rm", names[2], $"{prefix}-nope"]);
            await SameAsync(cli, socket, recreate, ["volume", "remove", "-f", names[2]]);

            // prune: at API 1.41 --all is refused; -f with our label removes only our unused volumes.
            await SameAsync(cli, socket, null, ["volume", "prune", "-a", "-f"]);
            // Only one labelled volume left, so the "Deleted Volumes" list has one order.
            await DockerAsync(socket, "volume", "rm", names[1], names[3]);
            await SameAsync(cli, socket, recreate, ["volume", "prune", "-f", "--filter", $"label={label}"]);
        }
        finally
        {
            await DockerAsync(socket, ["volume", "rm", "-f", .. names]);
        }
    }

    static async Task SameAsync(CliRunner cli, string socket, Func<Task>? reset, string[] args, bool compareStderr = true)
    {
        if (reset is not null) await reset();
        var ours = await cli.RunAsync(args);
        if (reset is not null) await reset();
        var theirs = await DockerAsync(socket, args);
        var what = string.Join(' ', args);
        Assert.True(theirs.ExitCode == ours.Code, $"{what}: exit {ours.Code}, docker {theirs.ExitCode}; stderr {ours.Err} / {theirs.Stderr}");
        Assert.Equal(theirs.Stdout, ours.Out);
        // docker's usage text names "docker" where ours names "wharf".
        if (compareStderr) Assert.Equal(theirs.Stderr.Replace("docker", "wharf", StringComparison.Ordinal), ours.Err);
    }

    static Task<ProcessResult> DockerAsync(string socket, params string[] args) => ProcessRunner.RunAsync("docker", ["-H", $"unix://{socket}", .. args]);
}
