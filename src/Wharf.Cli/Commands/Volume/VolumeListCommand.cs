using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Volume;

/// <summary><c>wharf volume ls [-q] [-f K=V] [--format]</c>: the volumes in natural name order, as the docker CLI sorts them.</summary>
internal static class VolumeListCommand
{
    public static Command Create(CliContext cli)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display volume names" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Provide filter values (e.g. \"dangling=true\")" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'" };
        var cmd = new Command("ls", "List volumes") { quiet, filter, format };
        cmd.Aliases.Add("list");
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(quiet), p.GetValues(filter), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool quiet, string[] filterFlags, string? format, CancellationToken ct)
    {
        var filters = Filters.Parse(filterFlags);
        var source = format is null or "" or "table" ? quiet ? VolumeRows.Quiet : VolumeRows.DefaultTable : format;
        var formatter = Formatter.Create(source, VolumeRows.Titles, LabelMethods.Header);
        var list = await cli.Client.Volumes.ListAsync(filters, ct);
        formatter.Write(cli.Out, list.Volumes.OrderBy(v => v.Name, Comparer<string>.Create(NaturalOrder.Compare)).Select(VolumeRows.Row));
        return 0;
    }
}
