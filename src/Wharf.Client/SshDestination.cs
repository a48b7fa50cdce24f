using System.Globalization;
using System.Text;

namespace Wharf.Client;

/// <summary>
/// An <c>ssh://[user@]host[:port][/socket-path]</c> daemon address, parsed with the docker CLI's rules (no password, no
/// query, no fragment), and the ssh command line that reaches the daemon through <c>wharf system dial-stdio</c> there.
/// </summary>
public sealed record SshDestination(string? User, string Host, int? Port, string? SocketPath)
{
    /// <summary>Parses <paramref name="url"/>; throws <see cref="FormatException"/> with docker's reason when it is not a valid ssh URL.</summary>
    public static SshDestination Parse(string url)
    {
        const string scheme = "ssh://";
        if (!url.StartsWith(scheme, StringComparison.Ordinal)) throw new FormatException("invalid ssh URL: incorrect scheme");
        var rest = url[scheme.Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0) throw new FormatException($"invalid ssh URL: fragments are not allowed: \"{rest[(hash + 1)..]}\"");
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var query = rest[(question + 1)..];
            if (query.Length > 0) throw new FormatException($"invalid ssh URL: query parameters are not allowed: \"{query}\"");
            rest = rest[..question];
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? null : Uri.UnescapeDataString(rest[slash..]);
        string? user = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            if (userInfo.Contains(':', StringComparison.Ordinal)) throw new FormatException("invalid ssh URL: plain-text password is not supported");
            user = Uri.UnescapeDataString(userInfo);
            authority = authority[(at + 1)..];
        }
        string host;
        int? port = null;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new FormatException("invalid ssh URL: missing ']' in host");
            host = authority[1..close];
            if (close + 1 < authority.Length)
            {
                if (authority[close + 1] != ':') throw new FormatException($"invalid ssh URL: invalid port \"{authority[(close + 1)..]}\" after host");
                portText = authority[(close + 2)..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            if (colon >= 0) portText = authority[(colon + 1)..];
        }
        if (!string.IsNullOrEmpty(portText))
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new FormatException($"invalid ssh URL: invalid port \":{portText}\" after host");
            port = p;
        }
        if (host.Length == 0) throw new FormatException("invalid ssh URL: hostname is empty");
        // "ssh://host/" names no socket: the remote default is used, as docker does.
        if (path is not null && path.Trim('/').Length == 0) path = null;
        return new(user is { Length: > 0 } ? user : null, host, port, path);
    }

    /// <summary>The URL again, in its canonical form.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("ssh://");
        if (User is not null) text.Append(User).Append('@');
        text.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        if (Port is int port) text.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        if (SocketPath is not null) text.Append(SocketPath);
        return text.ToString();
    }

    /// <summary>
    /// The arguments of <c>ssh</c>, as docker's connection helper builds them: a 30 s connect timeout, no pseudo-terminal (a
    /// login shell and a tty would mangle the byte stream), user and port as options, <c>--</c> before the host so a host
    /// cannot be taken for an option, then the remote command (<paramref name="program"/> <c>system dial-stdio</c>, with
    /// <c>--host=unix://PATH</c> when the URL names a socket).
    /// </summary>
    public IReadOnlyList<string> SshArguments(string program = "wharf")
    {
        var args = new List<string> { "-o", "ConnectTimeout=30", "-T" };
        if (User is not null) args.AddRange(["-l", User]);
        if (Port is int port) args.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--", Host, program]);
        if (SocketPath is not null) args.Add(Quote("--host=unix://" + SocketPath));
        args.AddRange(["system", "dial-stdio"]);
        return args;
    }

    /// <summary>ssh joins the remote command with spaces for the remote shell: quote what that shell would split or expand.</summary>
    static string Quote(string word)
        => word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or '+' or ',' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
