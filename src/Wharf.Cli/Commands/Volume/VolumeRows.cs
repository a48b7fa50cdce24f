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
    public static JsonObject Row(Wharf.Api.Volumes.Volume v) => Formatter.Row(
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

    /// <summary><c>.Label "key"</c>: the label's value; in a table header, the key's last dotted part with '-' and '_' as spaces.</summary>
    internal sealed class LabelMethods(IReadOnlyDictionary<string, string>? labels) : ITemplateMethods
    {
        public static readonly LabelMethods Header = new(null);

        public bool TryCall(string name, IReadOnlyList<object?> args, bool header, out object? result)
        {
            result = null;
            if (name != "Label" || args.Count != 1 || args[0] is not string key) return false;
            result = header ? key[(key.LastIndexOf('.') + 1)..].Replace('-', ' ').Replace('_', ' ') : labels?.GetValueOrDefault(key) ?? "";
            return true;
        }
    }
}
