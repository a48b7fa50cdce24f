using System.Globalization;
using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>A parsed daemon address: <c>unix:///path</c>, <c>tcp://host[:port]</c> or <c>ssh://[user@]host[:port][/socket]</c> (then <see cref="Ssh"/>).</summary>
internal sealed record DaemonHost(string Scheme, string Address, int Port, SshDestination? Ssh = null)
{
    public const string DefaultSocket = "/var/run/wharf.sock";
    public static readonly DaemonHost Default = new("unix", DefaultSocket, 0);

    public override string ToString() => Scheme switch
    {
        "unix" => $"unix://{Address}",
        "ssh" => Ssh!.ToString(),
        _ => $"tcp://{Address}:{Port}",
    };

    /// <summary>Parses as the docker CLI does; a TCP address without a port gets 2376 with TLS and 2375 without.</summary>
    public static DaemonHost Parse(string text, bool tls)
    {
        var value = text.Trim();
        if (value.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = value["unix://".Length..];
            if (path.Length == 0) return Default;
            return new("unix", path, 0);
        }
        if (value.StartsWith('/')) return new("unix", value, 0);
        if (value.StartsWith("tcp://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal) || value.StartsWith("https://", StringComparison.Ordinal))
        {
            var rest = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0) throw new CliException($"Invalid bind address format: {text}");
            var defaultPort = tls ? 2376 : 2375;
            string host;
            var port = defaultPort;
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0) throw new CliException($"Invalid bind address format: {text}");
                host = rest[1..close];
                if (close + 1 < rest.Length) port = ParsePort(rest[(close + 2)..], text);
            }
            else
            {
                var colon = rest.LastIndexOf(':');
                host = colon < 0 ? rest : rest[..colon];
                if (colon >= 0) port = ParsePort(rest[(colon + 1)..], text);
            }
            return new("tcp", host.Length == 0 ? "localhost" : host, port);
        }
        if (value.StartsWith("ssh://", StringComparison.Ordinal))
        {
            SshDestination ssh;
            try { ssh = SshDestination.Parse(value); }
            catch (FormatException e) { throw new CliException($"ssh host connection is not valid: {e.Message}"); }
            return new("ssh", ssh.Host, ssh.Port ?? 22, ssh);
        }
        throw new CliException($"Invalid bind address format: {text}");
    }

    static int ParsePort(string port, string text)
        => int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p
            : throw new CliException($"Invalid bind address format: {text}");
}
