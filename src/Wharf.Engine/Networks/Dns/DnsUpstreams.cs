using System.Globalization;
using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// The upstream resolvers: the configured ones, else the nameservers of the host's resolv.conf (loopback ones too:
/// the daemon forwards from the host's namespace). The file is read again when it changes, as the host's own
/// resolver would see an edit.
/// </summary>
public sealed class DnsUpstreams(DnsUpstreamOptions options)
{
    public const int DnsPort = 53;
    readonly Lock gate = new();
    (DateTime Written, long Length, IReadOnlyList<IPEndPoint> Servers)? hostCache;

    public TimeSpan Timeout => options.Timeout;

    /// <summary>The servers to ask, in order.</summary>
    public IReadOnlyList<IPEndPoint> Current()
    {
        if (options.Servers.Count > 0) return options.Servers;
        var info = new FileInfo(options.ResolvConfPath);
        if (!info.Exists) return [];
        lock (gate)
        {
            if (hostCache is { } cached && cached.Written == info.LastWriteTimeUtc && cached.Length == info.Length) return cached.Servers;
            IReadOnlyList<IPEndPoint> servers;
            try { servers = ParseResolvConf(File.ReadAllText(options.ResolvConfPath)); }
            catch (IOException) { servers = []; }
            hostCache = (info.LastWriteTimeUtc, info.Length, servers);
            return servers;
        }
    }

    /// <summary>
    /// Parses configured upstreams: <c>"1.1.1.1"</c>, <c>"1.1.1.1:5353"</c>, <c>"2001:db8::1"</c> or
    /// <c>"[2001:db8::1]:5353"</c>; the port defaults to 53. Throws <see cref="FormatException"/> naming a bad entry.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Parse(IEnumerable<string> entries) =>
        entries.Select(e => TryParseEndpoint(e.Trim(), out var endpoint)
            ? endpoint
            : throw new FormatException($"invalid dns upstream: {e} (want ip or ip:port)")).ToArray();

    /// <summary>The <c>nameserver</c> lines of a resolv.conf, in order; lines that are not an address are skipped.</summary>
    public static IReadOnlyList<IPEndPoint> ParseResolvConf(string content)
    {
        var servers = new List<IPEndPoint>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.StartsWith(';')) continue;
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0] != "nameserver") continue;
            if (IPAddress.TryParse(fields[1], out var address)) servers.Add(new IPEndPoint(address, DnsPort));
        }
        return servers;
    }

    static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (IPAddress.TryParse(text, out var bare) && !text.StartsWith('['))
        {
            endpoint = new IPEndPoint(bare, DnsPort);
            return true;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':')) return false;
        if (!IPAddress.TryParse(host, out var address) ||
            !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0) return false;
        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
