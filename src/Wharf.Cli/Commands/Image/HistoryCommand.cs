using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Images;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf history</c> / <c>wharf image history</c>.</summary>
internal static class HistoryCommand
{
    public const string DefaultTable = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    public const string StructType = "*formatter.historyContext";

    static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "IMAGE", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE", ["Comment"] = "COMMENT",
    };

    internal sealed record Options(string Image, bool Human, bool NoTrunc, bool Quiet, string? Format);

    public static Command Create(CliContext cli)
    {
        var human = new Option<bool>("--human", "-H") { Description = "Print sizes and dates in human readable format", DefaultValueFactory = _ => true };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template" };
        var image = new Argument<string>("IMAGE");
        var cmd = new Command("history", "Show the history of an image") { human, noTrunc, quiet, format, image };
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(image)!, p.GetValue(human), p.GetValue(noTrunc), p.GetValue(quiet), p.GetValue(format)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var format = o.Format is null or "" or "table" ? (o.Quiet ? "{{.ID}}" : DefaultTable) : o.Format;
        var formatter = Formatter.Create(format, Titles);
        var history = await cli.Client.Images.HistoryAsync(o.Image, ct);
        formatter.Write(cli.Out, history.Select(h => Row(h, o, cli.Now)));
        return 0;
    }

    static TemplateStruct Row(ImageHistoryItem h, Options o, DateTimeOffset now)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(h.Created);
        var createdBy = h.CreatedBy.Replace('\t', ' ');
        return Formatter.Row(StructType,
            ("ID", !o.NoTrunc && h.Id != "<missing>" ? ImageRows.ShortId(h.Id) : h.Id),
            ("CreatedSince", o.Human ? Humanize.Ago(created, now) : Humanize.Rfc3339(created)),
            ("CreatedAt", Humanize.Rfc3339(created)),
            ("CreatedBy", o.NoTrunc ? createdBy : Text.Ellipsis(createdBy, 45)),
            ("Size", o.Human ? Humanize.SizeWithPrecision(h.Size, 3) : h.Size.ToString(CultureInfo.InvariantCulture)),
            ("Comment", h.Comment));
    }
}
