using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Network;

/// <summary><c>wharf network ls [-q] [--no-trunc] [-f K=V] [--format]</c>: the networks in natural name order, as the docker CLI sorts them.</summary>
internal static class NetworkListCommand
{
    public static Command Create(CliContext cli)
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "Provide filter values (e.g. \"driver=bridge\")" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate the output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display network IDs" };
        var cmd = new Command("ls", "List networks") { filter, format, noTrunc, quiet };
        cmd.Aliases.Add("list");
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(quiet), p.GetValue(noTrunc), p.GetValues(filter), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool quiet, bool noTrunc, string[] filterFlags, string? format, CancellationToken ct)
    {
        var filters = Filters.Parse(filterFlags);
        var networks = await cli.Client.Networks.ListAsync(filters, ct);
        // docker parses the template after listing, so a daemon error comes before a template error.
        var formatter = Formatter.Create(NetworkRows.Format(format, quiet), NetworkRows.Titles, LabelMethods.Header);
        formatter.Write(cli.Out, networks.OrderBy(n => n.Name, Comparer<string>.Create(NaturalOrder.Compare)).Select(n => NetworkRows.Row(n, trunc: !noTrunc)));
        return 0;
    }
}
