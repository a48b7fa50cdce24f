using System.CommandLine;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf ps</c> / <c>wharf container ls</c>: the docker CLI's container list, its flags, columns and formats.</summary>
internal static class PsCommand
{
    internal sealed record Options(bool All, bool Quiet, int Last, bool Latest, bool? Size, string[] Filters, string? Format, bool NoTrunc);

    public static Command Create(CliContext cli, string name, params string[] aliases)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display container IDs" };
        var last = new Option<int>("--last", "-n") { Description = "Show n last created containers (includes all states)", DefaultValueFactory = _ => -1 };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the latest created container (includes all states)" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var cmd = new Command(name, "List containers") { all, quiet, last, latest, size, filter, format, noTrunc };
        foreach (var alias in aliases) cmd.Aliases.Add(alias);
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(all), p.GetValue(quiet), p.GetValue(last), p.GetValue(latest),
            p.GetResult(size) is { Implicit: false } ? p.GetValue(size) : null, p.GetValues(filter), p.GetValue(format), p.GetValue(noTrunc)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var filters = Filters.Parse(o.Filters);
        var last = o.Latest && o.Last == -1 ? 1 : o.Last;
        var size = o.Size ?? false;
        var source = string.IsNullOrEmpty(o.Format) ? "table" : o.Format;
        // As docker: a template that uses .Size asks the daemon for sizes, unless --size was given either way or -q.
        if (o.Size is null && !o.Quiet && source is not ("table" or "raw" or "json") && source.Contains(".Size", StringComparison.Ordinal)) size = true;
        Formatter formatter;
        try { formatter = Formatter.Create(ContainerRows.Format(source, o.Quiet, size), ContainerRows.Titles, LabelMethods.Header); }
        catch (TemplateException e) { throw new CliException($"failed to parse template: {e.Message}"); }
        var containers = await cli.Client.Containers.ListJsonAsync(o.All, last, size, filters, ct);
        try { formatter.Write(cli.Out, ContainerRows.Build(containers, !o.NoTrunc, cli.Now)); }
        catch (TemplateException e) { throw new CliException($"failed to execute template: {e.Message}"); }
        return 0;
    }
}
