using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Network;

/// <summary>The docker CLI's network list context: its fields, titles, formats and <c>.Label "k"</c>.</summary>
internal static class NetworkRows
{
    public const string StructType = "*network.networkContext";
    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
    public const string Quiet = "{{.ID}}";
    public const string Raw = "network_id: {{.ID}}\nname: {{.Name}}\ndriver: {{.Driver}}\nscope: {{.Scope}}\n";
    public const string RawQuiet = "network_id: {{.ID}}";

    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["IPv4"] = "IPV4", ["IPv6"] = "IPV6",
        ["Internal"] = "INTERNAL", ["Labels"] = "LABELS", ["CreatedAt"] = "CREATED AT",
    };

    /// <summary>docker's newFormat: only the bare "table" and "raw" keys change with <c>-q</c>; any other template is used as it is.</summary>
    public static string Format(string? format, bool quiet) => format switch
    {
        null or "" or "table" => quiet ? Quiet : DefaultTable,
        "raw" => quiet ? RawQuiet : Raw,
        _ => format,
    };

    /// <summary>
    /// One row per network. Labels are joined in key order (Go walks the map at random, so any order is docker's); IPv4
    /// is false, as the docker CLI reads EnableIPv4, which a 1.41 daemon never sends.
    /// </summary>
    public static TemplateStruct Row(Wharf.Api.Networks.Network n, bool trunc) => Formatter.Row(StructType, new LabelMethods(n.Labels),
        ("CreatedAt", GoTimeString(n.Created)),
        ("Driver", n.Driver),
        ("ID", trunc && n.Id.Length > 12 ? n.Id[..12] : n.Id),
        ("IPv4", "false"),
        ("IPv6", n.EnableIPv6 ? "true" : "false"),
        ("Internal", n.Internal ? "true" : "false"),
        ("Labels", string.Join(',', (n.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
        ("Name", n.Name),
        ("Scope", n.Scope));

    /// <summary>
    /// Go's time.Time.String() of an RFC 3339 timestamp as Go parses it: nanoseconds without trailing zeros, "+0000 UTC"
    /// for Z, and a numeric zone ("+0100 +0100") for an offset; an empty or unparsable value is Go's zero time.
    /// </summary>
    internal static string GoTimeString(string created)
    {
        const string Zero = "0001-01-01 00:00:00 +0000 UTC";
        if (created.Length < 20 || created[10] != 'T') return Zero;
        var date = created[..10];
        var time = created[11..19];
        var rest = created[19..];
        var fraction = "";
        if (rest.StartsWith('.'))
        {
            var end = 1;
            while (end < rest.Length && char.IsAsciiDigit(rest[end])) end++;
            fraction = rest[1..end].TrimEnd('0');
            if (fraction.Length > 9) fraction = fraction[..9];
            rest = rest[end..];
        }
        var text = date + " " + time + (fraction.Length > 0 ? "." + fraction : "");
        if (rest is "Z" or "z") return text + " +0000 UTC";
        if (rest.Length == 6 && rest[0] is '+' or '-' && rest[3] == ':')
        {
            var zone = rest[..3] + rest[4..];
            return zone is "+0000" or "-0000" ? text + " +0000 UTC" : $"{text} {zone} {zone}";
        }
        return Zero;
    }
}
