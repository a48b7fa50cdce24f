using System.CommandLine;
using System.Text;
using Wharf.Cli.Commands.Container;

namespace Wharf.Cli.Commands.Network;

/// <summary><c>wharf network prune [-f] [--filter]</c>: asks first unless forced, then lists the networks removed (nothing when none were).</summary>
internal static class NetworkPruneCommand
{
    internal const string Warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";

    public static Command Create(CliContext cli)
    {
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var cmd = new Command("prune", "Remove all unused networks") { filter, force };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(force), p.GetValues(filter), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool force, string[] filterFlags, CancellationToken ct)
    {
        var filters = Filters.Parse(filterFlags);
        // docker 28 ends quietly with status 0 when the answer is no.
        if (!force && !await Confirm.AskAsync(cli, Warning, ct)) return 0;
        var report = await cli.Client.Networks.PruneAsync(filters, ct);
        if (report.NetworksDeleted is { Count: > 0 } deleted)
        {
            var output = new StringBuilder("Deleted Networks:\n");
            foreach (var name in deleted) output.Append(name).Append('\n');
            cli.Out.WriteLine(output.ToString());
        }
        return 0;
    }
}
