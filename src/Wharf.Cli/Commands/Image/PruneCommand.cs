using System.CommandLine;
using System.Text;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf image prune [-a] [-f] [--filter]</c>: asks first unless forced, then prints what went and the space reclaimed.</summary>
internal static class PruneCommand
{
    const string DanglingWarning = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";
    const string AllWarning = "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ";

    public static Command Create(CliContext cli)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused images, not just dangling ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "Provide filter values (e.g. \"until=<timestamp>\")" };
        var cmd = new Command("prune", "Remove unused images") { all, force, filter };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(all), p.GetValue(force), p.GetValues(filter), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool all, bool force, string[] filterFlags, CancellationToken ct)
    {
        var filters = Filters.Parse(filterFlags) ?? [];
        filters["dangling"] = [all ? "false" : "true"];
        if (!force)
        {
            cli.Out.Write(all ? AllWarning : DanglingWarning);
            cli.Out.Flush();
            var answer = (await cli.In.ReadLineAsync(ct))?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes")) return 0;
        }
        var report = await cli.Client.Images.PruneAsync(filters, ct);
        var output = new StringBuilder();
        if (report.ImagesDeleted is { Count: > 0 } deleted)
        {
            output.Append("Deleted Images:\n");
            foreach (var item in deleted)
                output.Append(item.Untagged is not null ? $"untagged: {item.Untagged}\n" : $"deleted: {item.Deleted}\n");
        }
        cli.Out.WriteLine(output.ToString());
        cli.Out.WriteLine($"Total reclaimed space: {Humanize.Size(report.SpaceReclaimed)}");
        return 0;
    }
}
