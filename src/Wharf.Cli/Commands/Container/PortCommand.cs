using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf port CONTAINER [PRIVATE_PORT[/PROTO]]</c>: the published ports from the container's NetworkSettings.Ports, naturally sorted.</summary>
internal static class PortCommand
{
    public static Command Create(CliContext cli)
    {
        var container = new Argument<string>("CONTAINER");
        var port = new Argument<string?>("PRIVATE_PORT[/PROTO]") { Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("port", "List port mappings or a specific mapping for the container") { container, port };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, p.GetValue(port), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string container, string? port, CancellationToken ct)
    {
        var inspect = await cli.Client.GetRawJsonAsync(ContainerInspectCommand.Path(container, size: false), ct);
        var ports = new Dictionary<string, List<(string HostIp, string HostPort)>?>(StringComparer.Ordinal);
        if (inspect?["NetworkSettings"]?["Ports"] is JsonObject map)
            foreach (var (key, value) in map)
                ports[key] = value is JsonArray bindings
                    ? [.. bindings.Select(b => (b?["HostIp"].AsString() ?? "", b?["HostPort"].AsString() ?? ""))]
                    : null;
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(port))
        {
            var slash = port.IndexOf('/', StringComparison.Ordinal);
            var number = slash >= 0 ? port[..slash] : port;
            var proto = slash >= 0 ? port[(slash + 1)..] : "";
            if (proto.Length == 0) proto = "tcp";
            if (!ushort.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new CliException($"Error: invalid port ({number}): strconv.ParseUint: parsing \"{number}\": invalid syntax");
            if (!ports.TryGetValue($"{number}/{proto}", out var frontends) || frontends is null)
                throw new CliException($"Error: No public port '{port}' published for {container}");
            lines.AddRange(frontends.Select(f => JoinHostPort(f.HostIp, f.HostPort)));
        }
        else
        {
            foreach (var (from, frontends) in ports)
                foreach (var f in frontends ?? [])
                    lines.Add($"{from} -> {JoinHostPort(f.HostIp, f.HostPort)}");
        }
        if (lines.Count == 0) return 0;
        lines.Sort(NaturalOrder.Compare);
        cli.Out.WriteLine(string.Join('\n', lines));
        return 0;
    }

    static string JoinHostPort(string host, string port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
}
