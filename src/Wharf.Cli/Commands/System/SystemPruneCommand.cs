using System.CommandLine;
using System.Text;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// <c>wharf system prune [-a] [-f] [--filter]</c>: stopped containers, then dangling (with -a: unused) images, then the total.
/// Networks, volumes and build cache are not pruned by wharf yet, so the warning does not promise them.
/// </summary>
internal static class SystemPruneCommand
{
    internal const string Warning = "WARNING! This will remove:\n  - all stopped containers\n  - all dangling images\n\nAre you sure you want to continue? [y/N] ";
    internal const string AllWarning = "WARNING! This will remove:\n  - all stopped containers\n  - all images without at least one container associated to them\n\nAre you sure you want to continue? [y/N] ";

    public static Command Create(CliContext cli)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused images not just dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"label=<key>=<value>\")" };
        var cmd = new Command("prune", "Remove unused data") { all, force, filter };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(all), p.GetValue(force), p.GetValues(filter), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool all, bool force, string[] filterFlags, CancellationToken ct)
    {
        if (!force && !await Confirm.AskAsync(cli, all ? AllWarning : Warning, ct)) return 0;
        var (containerSpace, containers) = await ContainerPruneCommand.PruneAsync(cli, filterFlags, ct);
        if (containers.Length > 0) cli.Out.WriteLine(containers);

        var filters = Filters.Parse(filterFlags) ?? [];
        filters["dangling"] = [all ? "false" : "true"];
        var report = await cli.Client.Images.PruneAsync(filters, ct);
        if (report.ImagesDeleted is { Count: > 0 } deleted)
        {
            var output = new StringBuilder("Deleted Images:\n");
            foreach (var item in deleted)
                output.Append(item.Untagged is not null ? $"untagged: {item.Untagged}\n" : $"deleted: {item.Deleted}\n");
            cli.Out.WriteLine(output.ToString());
        }
        cli.Out.WriteLine($"Total reclaimed space: {Humanize.Size(containerSpace + report.SpaceReclaimed)}");
        return 0;
    }
}
