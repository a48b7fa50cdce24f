using System.CommandLine;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf images</c> / <c>wharf image ls</c>.</summary>
internal static class ListCommand
{
    internal sealed record Options(string? Reference, bool All, bool Quiet, bool Digests, bool NoTrunc, string[] Filters, string? Format);

    public static Command Create(CliContext cli, string name, params string[] aliases)
    {
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all", "-a") { Description = "Show all images (default hides intermediate images)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'" };
        var cmd = new Command(name, "List images") { reference, all, quiet, digests, noTrunc, filter, format };
        foreach (var alias in aliases) cmd.Aliases.Add(alias);
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(reference), p.GetValue(all), p.GetValue(quiet), p.GetValue(digests),
            p.GetValue(noTrunc), p.GetValues(filter), p.GetValue(format)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var filters = Filters.Parse(o.Filters) ?? [];
        if (o.Reference is not null) filters["reference"] = [o.Reference];
        var format = o.Format is null or "" or "table"
            ? o.Quiet ? ImageRows.Quiet : o.Digests ? ImageRows.DefaultTableWithDigest : ImageRows.DefaultTable
            : o.Format;
        // Parse before calling the daemon: a bad template fails fast, as in the docker CLI.
        var formatter = Formatter.Create(format, ImageRows.Titles);
        var images = await cli.Client.Images.ListJsonAsync(o.All, filters.Count == 0 ? null : filters, o.Digests, ct);
        formatter.Write(cli.Out, ImageRows.Build(ImageRows.Summaries(images), o.Digests, !o.NoTrunc, cli.Now));
        return 0;
    }
}
