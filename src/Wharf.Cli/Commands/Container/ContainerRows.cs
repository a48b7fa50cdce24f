using System.Globalization;
using System.Text.Json;
using Wharf.Api.Containers;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

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

    /// <summary>formatter.ContainerContext's fields, in the key order its JSON has.</summary>
    static readonly string[] Fields = TemplateMap.SortedKeys(Titles);

    /// <summary>One row per container of a <c>GET /containers/json</c> answer, with its labels for <c>.Label</c>.</summary>
    public static IEnumerable<TemplateStruct> Build(JsonElement containers, bool truncate, DateTimeOffset now)
    {
        if (containers.ValueKind != JsonValueKind.Array) yield break;
        foreach (var c in containers.EnumerateArray()) yield return Row(c, truncate, now);
    }

    /// <summary>A container's row; a field's value is computed when the template reads it, as docker's context methods are.</summary>
    static TemplateStruct Row(JsonElement c, bool truncate, DateTimeOffset now)
        => new(StructType, Fields, name => Field(c, name, truncate, now)) { Methods = new LabelMethods(key => Label(c, key)) };

    static string? Field(JsonElement c, string name, bool truncate, DateTimeOffset now)
    {
        switch (name)
        {
            case "Command":
                var command = c.StringField("Command");
                return TemplateValues.Quote(truncate ? Text.Ellipsis(command, 20) : command);
            case "CreatedAt": return Humanize.GoTime(Created(c));
            case "ID":
                var id = c.StringField("Id");
                return truncate ? ImageRows.ShortId(id) : id;
            case "Image": return Image(c.StringField("Image"), c.StringField("ImageID"), truncate);
            case "Labels":
                var labels = c.StringMapField("Labels").ToArray();
                Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                return string.Join(',', Array.ConvertAll(labels, l => $"{l.Key}={l.Value}"));
            case "LocalVolumes":
                var local = 0;
                foreach (var m in c.ArrayField("Mounts")) if (m.StringField("Driver") == "local") local++;
                return local.ToString(CultureInfo.InvariantCulture);
            case "Mounts":
                var mounts = new List<string>();
                foreach (var m in c.ArrayField("Mounts"))
                {
                    var mount = m.StringField("Name") is { Length: > 0 } volume ? volume : m.StringField("Source");
                    mounts.Add(truncate ? Text.Ellipsis(mount, 15) : mount);
                }
                return string.Join(',', mounts);
            case "Names": return Names(c.StringsField("Names") ?? [], truncate);
            case "Networks":
                c.TryGetField("NetworkSettings", out var settings);
                var networks = settings.KeysField("Networks").ToArray();
                Array.Sort(networks, StringComparer.Ordinal);
                return string.Join(',', networks);
            // API 1.48 added Platform; at 1.41 it is a nil pointer, as the docker CLI prints it.
            case "Platform": return null;
            case "Ports":
                var ports = new List<Port>();
                foreach (var p in c.ArrayField("Ports")) ports.Add(PortOf(p));
                return DisplayablePorts(ports);
            case "RunningFor": return Humanize.Ago(Created(c), now);
            case "Size": return Size(c.Int64Field("SizeRw"), c.Int64Field("SizeRootFs"));
            case "State": return c.StringField("State");
            case "Status": return c.StringField("Status");
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "not a field of formatter.ContainerContext");
        }
    }

    static DateTimeOffset Created(JsonElement c) => DateTimeOffset.FromUnixTimeSeconds(c.Int64Field("Created"));

    static string? Label(JsonElement c, string key) => c.TryGetField("Labels", out var labels) ? labels.StringField(key) : null;

    static Port PortOf(JsonElement p) => new()
    {
        IP = p.StringField("IP"),
        PrivatePort = (ushort)p.Int64Field("PrivatePort"),
        PublicPort = (ushort)p.Int64Field("PublicPort"),
        Type = p.StringField("Type"),
    };

    /// <summary>"0B (virtual 4.26MB)", or just the writable layer's size when the root fs size is unknown.</summary>
    public static string Size(long sizeRw, long sizeRootFs)
    {
        var rw = Humanize.SizeWithPrecision(sizeRw, 3);
        return sizeRootFs > 0 ? $"{rw} (virtual {Humanize.SizeWithPrecision(sizeRootFs, 3)})" : rw;
    }

    /// <summary>Names without their "/", and when truncating only the first name that is not a link ("/other/alias").</summary>
    static string Names(IReadOnlyList<string> names, bool truncate)
    {
        var stripped = new string[names.Count];
        for (var i = 0; i < stripped.Length; i++) stripped[i] = names[i].StartsWith('/') ? names[i][1..] : names[i];
        if (truncate)
            foreach (var name in stripped)
                if (!name.Contains('/', StringComparison.Ordinal)) return name;
        return string.Join(',', stripped);
    }

    static string Image(string image, string imageId, bool truncate)
    {
        if (image.Length == 0) return "<no image>";
        if (!truncate) return image;
        if (ImageRows.ShortId(imageId) == ImageRows.ShortId(image)) return ImageRows.ShortId(image);
        // A digest-pinned reference loses its digest; the familiar name drops docker.io/library/.
        var at = image.IndexOf('@', StringComparison.Ordinal);
        return ImageRows.Familiar(at >= 0 ? image[..at] : image);
    }

    /// <summary>
    /// formatter.DisplayablePorts: ports sorted, consecutive ports of one IP and protocol grouped into ranges
    /// ("0.0.0.0:8000-8001->8000-8001/tcp"), mappings to another host port listed after the groups.
    /// </summary>
    public static string DisplayablePorts(List<Port> ports)
    {
        if (ports.Count == 0) return "";
        var sorted = ports.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var order = a.PrivatePort.CompareTo(b.PrivatePort);
            if (order == 0) order = string.CompareOrdinal(a.IP ?? "", b.IP ?? "");
            if (order == 0) order = (a.PublicPort ?? 0).CompareTo(b.PublicPort ?? 0);
            return order != 0 ? order : string.CompareOrdinal(a.Type, b.Type);
        });
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
}
