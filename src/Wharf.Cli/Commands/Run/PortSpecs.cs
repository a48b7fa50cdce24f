using System.Globalization;
using Wharf.Api.Common;
using Wharf.Api.Containers;

namespace Wharf.Cli.Commands.Run;

/// <summary><c>-p [ip:][hostPort:]containerPort[/proto]</c> (with ranges) and <c>--expose</c>, parsed as docker's nat.ParsePortSpecs.</summary>
internal static class PortSpecs
{
    /// <summary>Adds one <c>-p</c> spec to the exposed ports and bindings; null when it is valid, docker's reason when not.</summary>
    public static string? AddPublish(string spec, Dictionary<string, EmptyObject?> exposed, Dictionary<string, List<PortBinding>?> bindings)
    {
        var (ip, hostPort, containerPort) = SplitParts(spec);
        var (port, proto) = SplitProto(containerPort);
        if (ip.StartsWith('[') && ip.EndsWith(']')) ip = ip[1..^1];
        if (ip.Length > 0 && !global::System.Net.IPAddress.TryParse(ip, out _)) return $"invalid IP address: {ip}";
        if (port.Length == 0) return $"no port specified: {spec}<empty>";
        if (ParseRange(port) is not var (start, end)) return $"invalid containerPort: {port}";
        if (!ValidProto(proto)) return $"invalid proto: {proto}";
        (int Start, int End)? hostRange = null;
        if (hostPort.Length > 0)
        {
            if (ParseRange(hostPort) is not { } h) return $"invalid hostPort: {hostPort}";
            hostRange = h;
        }
        if (hostRange is { } hr && end - start != hr.End - hr.Start && end != start)
            return $"invalid ranges specified for container and host Ports: {port} and {hostPort}";
        for (var p = start; p <= end; p++)
        {
            var key = $"{p.ToString(CultureInfo.InvariantCulture)}/{proto}";
            exposed[key] = new EmptyObject();
            var host = hostRange switch
            {
                null => "",
                var (hs, he) when end == start && he != hs => hostPort,
                var (hs, _) => (hs + p - start).ToString(CultureInfo.InvariantCulture),
            };
            if (!bindings.TryGetValue(key, out var list) || list is null) bindings[key] = list = [];
            list.Add(new PortBinding { HostIp = ip, HostPort = host });
        }
        return null;
    }

    /// <summary>Adds one <c>--expose port[-port][/proto]</c>; null when valid.</summary>
    public static string? AddExpose(string spec, Dictionary<string, EmptyObject?> exposed)
    {
        var (port, proto) = SplitProto(spec);
        if (ParseRange(port) is not var (start, end)) return $"invalid range format for --expose: {spec}, error: invalid port";
        if (!ValidProto(proto)) return $"invalid proto: {proto}";
        for (var p = start; p <= end; p++) exposed[$"{p.ToString(CultureInfo.InvariantCulture)}/{proto}"] = new EmptyObject();
        return null;
    }

    static (string Ip, string HostPort, string ContainerPort) SplitParts(string spec)
    {
        var parts = spec.Split(':');
        var n = parts.Length;
        return n switch
        {
            1 => ("", "", parts[0]),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => (string.Join(':', parts[..(n - 2)]), parts[n - 2], parts[n - 1]),
        };
    }

    static (string Port, string Proto) SplitProto(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (text, "tcp");
        var proto = text[(slash + 1)..];
        return (text[..slash], proto.Length == 0 ? "tcp" : proto.ToLowerInvariant());
    }

    static bool ValidProto(string proto) => proto is "tcp" or "udp" or "sctp";

    static (int Start, int End)? ParseRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var last = dash < 0 ? text : text[(dash + 1)..];
        if (!ushort.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return null;
        if (!ushort.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < s) return null;
        return (s, e);
    }
}
