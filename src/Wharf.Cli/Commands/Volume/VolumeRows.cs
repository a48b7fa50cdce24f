using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Volume;

/// <summary>The docker CLI's volume list context: its fields, titles, and <c>.Label "k"</c>.</summary>
internal static class VolumeRows
{
    public const string StructType = "*formatter.volumeContext";
    public const string DefaultTable = "table {{.Driver}}\t{{.Name}}";
    public const string Quiet = "{{.Name}}";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = "VOLUME NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["Mountpoint"] = "MOUNTPOINT", ["Labels"] = "LABELS",
        ["Links"] = "LINKS", ["Size"] = "SIZE", ["Group"] = "GROUP", ["Availability"] = "AVAILABILITY", ["Status"] = "STATUS",
    };

    /// <summary>
    /// One row per volume. Labels are joined in key order (Go walks the map at random, so any order is docker's);
    /// Links and Size are N/A without usage data, and the swarm cluster fields are always N/A for local volumes.
    /// </summary>
    public static TemplateStruct Row(Wharf.Api.Volumes.Volume v) => Formatter.Row(StructType, new LabelMethods(v.Labels),
        ("Availability", "N/A"),
        ("Driver", v.Driver),
        ("Group", "N/A"),
        ("Labels", string.Join(',', (v.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
        ("Links", v.UsageData is { } u ? u.RefCount.ToString(CultureInfo.InvariantCulture) : "N/A"),
        ("Mountpoint", v.Mountpoint),
        ("Name", v.Name),
        ("Scope", v.Scope),
        ("Size", v.UsageData is { } s ? Humanize.Size(s.Size) : "N/A"),
        ("Status", "N/A"));
}
