using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Container;

/// <summary>The docker CLI's container list context (formatter.ContainerContext): its fields, titles and default formats.</summary>
internal static class ContainerRows
{
    public const string StructType = "*formatter.ContainerContext";
    public const string DefaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    public const string Quiet = "{{.ID}}";
    const string RawFormat = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";
    const string RawSizeFormat = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nsize: {{.Size}}\nports: {{- pad .Ports 1 0}}\n";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "CONTAINER ID", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT", ["RunningFor"] = "CREATED",
        ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE", ["Names"] = "NAMES", ["Labels"] = "LABELS",
        ["Mounts"] = "MOUNTS", ["LocalVolumes"] = "LOCAL VOLUMES", ["Networks"] = "NETWORKS", ["Platform"] = "PLATFORM",
    };

    /// <summary>formatter.NewContainerFormat: "table" and "raw" expand to docker's layouts, anything else is the user's template.</summary>
    public static string Format(string source, bool quiet, bool size) => source switch
    {
        "table" => quiet ? Quiet : size ? DefaultTable + "\t{{.Size}}" : DefaultTable,
        "raw" => quiet ? "container_id: {{.ID}}" : size ? RawSizeFormat : RawFormat,
        _ => source,
    };

    /// <summary>One row per container, with its labels for <c>.Label</c>.</summary>
    public static List<(JsonObject Row, ITemplateMethods Methods)> Build(IEnumerable<ContainerSummary> containers, bool truncate, DateTimeOffset now)
        => containers.Select(c => (Row(c, truncate, now), (ITemplateMethods)new LabelMethods(c.Labels))).ToList();

    /// <summary>Writes rows through <paramref name="formatter"/>, each with its own <c>.Label</c>.</summary>
    public static void Write(Formatter formatter, TextWriter output, List<(JsonObject Row, ITemplateMethods Methods)> rows)
    {
        var methods = new Dictionary<JsonObject, ITemplateMethods>(ReferenceEqualityComparer.Instance);
        foreach (var (row, m) in rows) methods[row] = m;
        formatter.Write(output, rows.Select(r => r.Row), row => methods.GetValueOrDefault(row) ?? LabelMethods.Header);
    }

    static JsonObject Row(ContainerSummary c, bool truncate, DateTimeOffset now)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(c.Created);
        return Formatter.NullableRow(
            ("Command", TemplateValues.Quote(truncate ? Text.Ellipsis(c.Command, 20) : c.Command)),
            ("CreatedAt", Humanize.GoTime(created)),
            ("ID", truncate ? ImageRows.ShortId(c.Id) : c.Id),
            ("Image", Image(c, truncate)),
            ("Labels", string.Join(',', c.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
            ("LocalVolumes", c.Mounts.Count(m => m.Driver == "local").ToString(CultureInfo.InvariantCulture)),
            ("Mounts", string.Join(',', c.Mounts.Select(m => string.IsNullOrEmpty(m.Name) ? m.Source : m.Name).Select(n => truncate ? Text.Ellipsis(n, 15) : n))),
            ("Names", Names(c.Names, truncate)),
            ("Networks", string.Join(',', (c.NetworkSettings?.Networks?.Keys ?? []).Order(StringComparer.Ordinal))),
            // API 1.48 added Platform; at 1.41 it is a nil pointer, as the docker CLI prints it.
            ("Platform", null),
            ("Ports", DisplayablePorts(c.Ports)),
            ("RunningFor", Humanize.Ago(created, now)),
            ("Size", Size(c.SizeRw ?? 0, c.SizeRootFs ?? 0)),
            ("State", c.State),
            ("Status", c.Status));
    }

    /// <summary>"0B (virtual 4.26MB)", or just the writable layer's size when the root fs size is unknown.</summary>
    public static string Size(long sizeRw, long sizeRootFs)
    {
        var rw = Humanize.SizeWithPrecision(sizeRw, 3);
        return sizeRootFs > 0 ? $"{rw} (virtual {Humanize.SizeWithPrecision(sizeRootFs, 3)})" : rw;
    }

    /// <summary>Names without their "/", and when truncating only the first name that is not a link ("/other/alias").</summary>
    static string Names(IReadOnlyList<string> names, bool truncate)
    {
        var stripped = names.Select(n => n.StartsWith('/') ? n[1..] : n).ToList();
        if (truncate && stripped.FirstOrDefault(n => !n.Contains('/', StringComparison.Ordinal)) is { } first) return first;
        return string.Join(',', stripped);
    }

    static string Image(ContainerSummary c, bool truncate)
    {
        if (c.Image.Length == 0) return "<no image>";
        if (!truncate) return c.Image;
        if (ImageRows.ShortId(c.ImageID) == ImageRows.ShortId(c.Image)) return ImageRows.ShortId(c.Image);
        // A digest-pinned reference loses its digest; the familiar name drops docker.io/library/.
        var at = c.Image.IndexOf('@', StringComparison.Ordinal);
        return ImageRows.Familiar(at >= 0 ? c.Image[..at] : c.Image);
    }

    /// <summary>
    /// formatter.DisplayablePorts: ports sorted, consecutive ports of one IP and protocol grouped into ranges
    /// ("0.0.0.0:8000-8001->8000-8001/tcp"), mappings to another host port listed after the groups.
    /// </summary>
    public static string DisplayablePorts(IEnumerable<Port> ports)
    {
        var sorted = ports.OrderBy(p => p.PrivatePort).ThenBy(p => p.IP ?? "", StringComparer.Ordinal)
            .ThenBy(p => p.PublicPort ?? 0).ThenBy(p => p.Type, StringComparer.Ordinal);
        var groups = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        var order = new List<string>();
        var result = new List<string>();
        var mappings = new List<string>();
        foreach (var port in sorted)
        {
            int current = port.PrivatePort;
            var key = port.Type;
            if (!string.IsNullOrEmpty(port.IP))
            {
                if ((port.PublicPort ?? 0) != current)
                {
                    mappings.Add($"{JoinHostPort(port.IP, port.PublicPort ?? 0)}->{port.PrivatePort}/{port.Type}");
                    continue;
                }
                key = $"{port.IP}/{port.Type}";
            }
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = (current, current);
                order.Add(key);
                continue;
            }
            if (current == group.Last + 1)
            {
                groups[key] = (group.First, current);
                continue;
            }
            result.Add(FormGroup(key, group.First, group.Last));
            groups[key] = (current, current);
        }
        foreach (var key in order) result.Add(FormGroup(key, groups[key].First, groups[key].Last));
        result.AddRange(mappings);
        return string.Join(", ", result);
    }

    static string FormGroup(string key, int first, int last)
    {
        var slash = key.LastIndexOf('/');
        var ip = slash >= 0 ? key[..slash] : "";
        var type = slash >= 0 ? key[(slash + 1)..] : key;
        var group = first == last ? first.ToString(CultureInfo.InvariantCulture) : $"{first}-{last}";
        if (ip.Length > 0) group = $"{ip}:{group}->{group}";
        return $"{group}/{type}";
    }

    /// <summary>Go's net.JoinHostPort: IPv6 addresses in brackets.</summary>
    public static string JoinHostPort(string host, int port)
        => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary><c>.Label "key"</c>: the label's value; in a table header, the key's last dotted part with '-' and '_' as spaces.</summary>
    sealed class LabelMethods(IReadOnlyDictionary<string, string> labels) : ITemplateMethods
    {
        public static readonly LabelMethods Header = new(new Dictionary<string, string>());

        public bool TryCall(string name, IReadOnlyList<object?> args, bool header, out object? result)
        {
            result = null;
            if (name != "Label" || args.Count != 1 || args[0] is not string key) return false;
            if (header)
            {
                var last = key[(key.LastIndexOf('.') + 1)..];
                result = last.Replace('-', ' ').Replace('_', ' ');
                return true;
            }
            result = labels.GetValueOrDefault(key) ?? "";
            return true;
        }
    }
}
