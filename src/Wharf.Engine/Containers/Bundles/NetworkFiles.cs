using System.Text;
using System.Text.RegularExpressions;

namespace Wharf.Engine.Containers.Bundles;

/// <summary>The contents of a container's <c>/etc/hostname</c>, <c>/etc/hosts</c> and <c>/etc/resolv.conf</c>, as libnetwork writes them.</summary>
internal static partial class NetworkFiles
{
    /// <summary>The fallback nameservers when filtering leaves none (dockerd's, IPv6 off).</summary>
    static readonly string[] DefaultNameservers = ["8.8.8.8", "8.8.4.4"];

    public static string Hostname(string hostname) => hostname + "\n";

    /// <param name="ipAddress">The container's own address; null when it has none yet, and then the hostname is given loopback so it still resolves.</param>
    /// <param name="hostHosts">The host's <c>/etc/hosts</c> for host networking (copied as dockerd does), else null.</param>
    public static string Hosts(string hostname, string domainname, string? ipAddress, IReadOnlyList<string> extraHosts, string? hostHosts)
    {
        var sb = new StringBuilder();
        if (hostHosts is not null)
        {
            sb.Append(hostHosts);
            if (hostHosts.Length > 0 && !hostHosts.EndsWith('\n')) sb.Append('\n');
        }
        else
        {
            sb.Append("127.0.0.1\tlocalhost\n");
            sb.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
            sb.Append("fe00::0\tip6-localnet\n");
            sb.Append("ff00::0\tip6-mcastprefix\n");
            sb.Append("ff02::1\tip6-allnodes\n");
            sb.Append("ff02::2\tip6-allrouters\n");
        }
        foreach (var extra in extraHosts)
        {
            // name:ip, where the ip may itself contain colons (IPv6).
            var i = extra.IndexOf(':', StringComparison.Ordinal);
            if (i <= 0 || i == extra.Length - 1) throw EngineException.Invalid($"invalid extra host entry: {extra}");
            var ip = extra[(i + 1)..];
            if (ip == "host-gateway") throw EngineException.Invalid("unable to derive the IP value for host-gateway");
            sb.Append(ip).Append('\t').Append(extra[..i]).Append('\n');
        }
        if (hostHosts is null)
        {
            var names = domainname == "" ? hostname : $"{hostname}.{domainname} {hostname}";
            sb.Append(ipAddress ?? "127.0.0.1").Append('\t').Append(names).Append('\n');
        }
        return sb.ToString();
    }

    /// <param name="hostResolvConf">The host's resolv.conf text (empty when it has none).</param>
    /// <param name="hostNetwork">With host networking loopback nameservers still work, so they are kept.</param>
    public static string ResolvConf(string hostResolvConf, IReadOnlyList<string> dns, IReadOnlyList<string> dnsSearch, IReadOnlyList<string> dnsOptions, bool hostNetwork)
    {
        if (dns.Count == 0 && dnsSearch.Count == 0 && dnsOptions.Count == 0)
        {
            if (hostNetwork) return hostResolvConf;
            var filtered = LocalhostNameserver().Replace(hostResolvConf, "");
            filtered = Ipv6Nameserver().Replace(filtered, "");
            if (Nameservers(filtered).Count == 0)
            {
                var sbf = new StringBuilder(filtered);
                if (sbf.Length > 0 && sbf[^1] != '\n') sbf.Append('\n');
                foreach (var ns in DefaultNameservers) sbf.Append("nameserver ").Append(ns).Append('\n');
                filtered = sbf.ToString();
            }
            return filtered;
        }

        var servers = dns.Count > 0 ? [.. dns] : Nameservers(hostNetwork ? hostResolvConf : LocalhostNameserver().Replace(hostResolvConf, ""));
        if (servers.Count == 0 && !hostNetwork) servers = [.. DefaultNameservers];
        var search = dnsSearch.Count > 0 ? [.. dnsSearch] : Field(hostResolvConf, "search");
        var options = dnsOptions.Count > 0 ? [.. dnsOptions] : Field(hostResolvConf, "options");

        var sb = new StringBuilder();
        if (search.Count > 0)
        {
            var s = string.Join(' ', search);
            if (s.Trim() != ".") sb.Append("search ").Append(s).Append('\n');
        }
        foreach (var ns in servers) sb.Append("nameserver ").Append(ns).Append('\n');
        if (options.Count > 0)
        {
            var o = string.Join(' ', options);
            if (o.Trim().Length > 0) sb.Append("options ").Append(o).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// On a user-defined network the container asks the embedded name server, as dockerd writes it: 127.0.0.11, the
    /// search domains (the request's or the host's) and <c>ndots:0</c> before the request's options.
    /// </summary>
    public static string EmbeddedResolvConf(string hostResolvConf, IReadOnlyList<string> dnsSearch, IReadOnlyList<string> dnsOptions)
    {
        var sb = new StringBuilder("nameserver 127.0.0.11\n");
        var search = dnsSearch.Count > 0 ? [.. dnsSearch] : Field(hostResolvConf, "search");
        if (search.Count > 0 && string.Join(' ', search).Trim() != ".") sb.Append("search ").Append(string.Join(' ', search)).Append('\n');
        sb.Append("options ndots:0");
        foreach (var o in dnsOptions.Where(o => !o.StartsWith("ndots:", StringComparison.Ordinal))) sb.Append(' ').Append(o);
        return sb.Append('\n').ToString();
    }

    static List<string> Nameservers(string text) => Field(text, "nameserver");

    /// <summary>The words after the last line starting with <paramref name="key"/> (all of them for nameservers).</summary>
    static List<string> Field(string text, string key)
    {
        var result = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', ';')[0].Trim();
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0] != key) continue;
            if (key == "nameserver") result.Add(words[1]);
            else
            {
                result.Clear();
                result.AddRange(words.Skip(1));
            }
        }
        return result;
    }

    [GeneratedRegex(@"(?m)^\s*nameserver\s*((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1))\s*\n?")]
    private static partial Regex LocalhostNameserver();

    [GeneratedRegex(@"(?m)^\s*nameserver\s*(([0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(%[^\s]+)?)\s*\n?")]
    private static partial Regex Ipv6Nameserver();
}
