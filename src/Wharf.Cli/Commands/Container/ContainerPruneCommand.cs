using System.CommandLine;
using System.Text;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf container prune [-f] [--filter]</c>: asks first unless forced, lists the removed ids and the space reclaimed.</summary>
internal static class ContainerPruneCommand
{
    internal const string Warning = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";

    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var cmd = new Command("prune", "Remove all stopped containers") { force, filter };
        cmd.SetAction(async (p, ct) =>
        {
            if (!p.GetValue(force) && !await Confirm.AskAsync(cli, Warning, ct)) return 0;
            var (space, output) = await PruneAsync(cli, p.GetValues(filter), ct);
            if (output.Length > 0) cli.Out.WriteLine(output);
            cli.Out.WriteLine($"Total reclaimed space: {Humanize.Size(space)}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Prunes and returns the space reclaimed and docker's "Deleted Containers:" block ("" when none went); system prune reuses it.</summary>
    internal static async Task<(long Space, string Output)> PruneAsync(CliContext cli, string[] filterFlags, CancellationToken ct)
    {
        var report = await cli.Client.Containers.PruneAsync(Filters.Parse(filterFlags), ct);
        if (report.ContainersDeleted is not { Count: > 0 } deleted) return (0, "");
        var output = new StringBuilder("Deleted Containers:\n");
        foreach (var id in deleted) output.Append(id).Append('\n');
        return (report.SpaceReclaimed, output.ToString());
    }
}
