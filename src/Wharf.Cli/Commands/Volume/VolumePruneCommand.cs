using System.CommandLine;
using System.Text;
using Wharf.Api;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Volume;

/// <summary>
/// <c>wharf volume prune [-a] [-f] [--filter]</c>: asks first unless forced, then lists what went and the space reclaimed.
/// wharf speaks API 1.41 at most, where the daemon prunes every unused local volume, named ones too (1.42 added the
/// <c>all</c> filter and made anonymous-only the default); so the warning says "all" and <c>--all</c> is refused with
/// the docker CLI's words for a 1.41 daemon.
/// </summary>
internal static class VolumePruneCommand
{
    internal const string Warning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";
    static readonly ApiVersion AllFilter = new(1, 42);

    public static Command Create(CliContext cli)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused volumes, not just anonymous ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"label=<label>\")" };
        var cmd = new Command("prune", "Remove unused local volumes") { all, filter, force };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(all), p.GetValue(force), p.GetValues(filter), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool all, bool force, string[] filterFlags, CancellationToken ct)
    {
        var filters = Filters.Parse(filterFlags);
        if (all)
            throw new CliException($"\"--all\" requires API version {AllFilter}, but the Docker daemon API version is {await cli.Client.GetApiVersionAsync(ct)}");
        if (!force && !await Confirm.AskAsync(cli, Warning, ct)) return 0;
        var report = await cli.Client.Volumes.PruneAsync(filters, ct);
        long space = 0;
        if (report.VolumesDeleted is { Count: > 0 } deleted)
        {
            var output = new StringBuilder("Deleted Volumes:\n");
            foreach (var name in deleted) output.Append(name).Append('\n');
            cli.Out.WriteLine(output.ToString());
            space = report.SpaceReclaimed;
        }
        cli.Out.WriteLine($"Total reclaimed space: {Humanize.Size(space)}");
        return 0;
    }
}
