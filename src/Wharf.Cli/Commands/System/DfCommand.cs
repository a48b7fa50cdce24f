using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Wharf.Api.Info;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli.Commands.System;

/// <summary><c>wharf system df [-v] [--format]</c>: the docker CLI's disk usage summary, or its per-object tables with -v.</summary>
internal static class DfCommand
{
    const string DefaultTable = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    const string VerboseImages = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";

    static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Type"] = "TYPE", ["TotalCount"] = "TOTAL", ["Active"] = "ACTIVE", ["Size"] = "SIZE", ["Reclaimable"] = "RECLAIMABLE",
    };

    public static Command Create(CliContext cli)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show detailed information on space usage" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template" };
        var cmd = new Command("df", "Show wharf disk usage") { verbose, format };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(verbose), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, bool verbose, string? format, CancellationToken ct)
    {
        if (verbose && format is not null and not "")
            throw new CliException("the verbose and the format options conflict");
        var formatter = verbose ? null : Formatter.Create(format is null or "" ? DefaultTable : format, Titles);
        var usage = await cli.Client.SystemDfAsync(ct);
        if (formatter is not null)
        {
            formatter.Write(cli.Out, Summary(usage));
            return 0;
        }
        cli.Out.WriteLine("Images space usage:");
        cli.Out.WriteLine();
        var titles = new Dictionary<string, string>(ImageRows.Titles, StringComparer.Ordinal);
        Formatter.Create(VerboseImages, titles).Write(cli.Out, ImageRows.Build(usage.Images, false, true, cli.Now));
        cli.Out.WriteLine();
        cli.Out.WriteLine("Containers space usage:");
        cli.Out.WriteLine();
        var table = new TableWriter(cli.Out);
        table.Write("CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n");
        foreach (var c in usage.Containers)
        {
            var id = c.StringField("Id");
            var created = DateTimeOffset.FromUnixTimeSeconds(c.Int64Field("Created"));
            var names = string.Join(',', (c.StringsField("Names") ?? []).Select(x => x.TrimStart('/')));
            table.Write($"{ImageRows.ShortId(id)}\t{c.StringField("Image")}\t\"{Text.Ellipsis(c.StringField("Command"), 20)}\"\t{c.ArrayField("Mounts").Count()}\t{Humanize.SizeWithPrecision(c.Int64Field("SizeRw"), 3)}\t{Humanize.Ago(created, cli.Now)}\t{c.StringField("Status")}\t{names}\n");
        }
        table.Flush();
        cli.Out.WriteLine();
        cli.Out.WriteLine("Local Volumes space usage:");
        cli.Out.WriteLine();
        table.Write("VOLUME NAME\tLINKS\tSIZE\n");
        foreach (var v in usage.Volumes)
        {
            v.TryGetField("UsageData", out var data);
            table.Write($"{v.StringField("Name")}\t{data.Int64Field("RefCount")}\t{Humanize.SizeWithPrecision(data.Int64Field("Size"), 3)}\n");
        }
        table.Flush();
        cli.Out.WriteLine();
        cli.Out.WriteLine($"Build cache usage: {Humanize.Size(usage.BuilderSize)}");
        cli.Out.WriteLine();
        table.Write("CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n");
        table.Flush();
        return 0;
    }

    static IEnumerable<TemplateStruct> Summary(SystemDataUsage usage)
    {
        var activeImages = usage.Images.Count(i => i.Containers > 0);
        var used = usage.Images.Where(i => i.Containers > 0 && i.Size != -1 && i.SharedSize != -1).Sum(i => i.Size - i.SharedSize);
        yield return Line("Images", usage.Images.Count, activeImages, usage.LayersSize, usage.LayersSize - used, percent: true);

        long containerSize = 0, containerReclaimable = 0;
        var running = 0;
        foreach (var c in usage.Containers)
        {
            var size = c.Int64Field("SizeRw");
            containerSize += size;
            // docker's isActive: running, paused and restarting containers hold their layer.
            if (c.StringField("State") is "running" or "paused" or "restarting") running++;
            else containerReclaimable += size;
        }
        yield return Line("Containers", usage.Containers.Count, running, containerSize, containerReclaimable, percent: true);

        long volumeSize = 0, volumeReclaimable = 0;
        var activeVolumes = 0;
        foreach (var v in usage.Volumes)
        {
            if (!v.TryGetField("UsageData", out var data) || data.ValueKind != JsonValueKind.Object) continue;
            var size = data.Int64Field("Size");
            if (size == -1) continue;
            volumeSize += size;
            if (data.Int64Field("RefCount") > 0) activeVolumes++;
            else volumeReclaimable += size;
        }
        yield return Line("Local Volumes", usage.Volumes.Count, activeVolumes, volumeSize, volumeReclaimable, percent: true);
        var cache = usage.BuildCache ?? [];
        yield return Line("Build Cache", cache.Count, 0, usage.BuilderSize, usage.BuilderSize, percent: false);
    }

    static TemplateStruct Line(string type, int total, int active, long size, long reclaimable, bool percent) => Formatter.Row("*formatter.diskUsageContext",
        ("Type", type),
        ("TotalCount", total.ToString(CultureInfo.InvariantCulture)),
        ("Active", active.ToString(CultureInfo.InvariantCulture)),
        ("Size", Humanize.Size(size)),
        ("Reclaimable", percent && size > 0 ? $"{Humanize.Size(reclaimable)} ({reclaimable * 100 / size}%)" : Humanize.Size(reclaimable)));
}
