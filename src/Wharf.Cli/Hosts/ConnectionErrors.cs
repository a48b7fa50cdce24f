using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>Turns a failure to reach the daemon into one message per cause (missing socket, permission, refused, timeout, TLS).</summary>
internal static class ConnectionErrors
{
    /// <summary>The message for <paramref name="error"/>, or null when it is not a connection failure.</summary>
    public static string? Describe(Exception error, Connection connection)
    {
        var host = connection.Host;
        if (Find<CommandConnectionException>(error) is { } command) return Ssh(command, host);
        var socket = Find<SocketException>(error);
        var tls = Find<AuthenticationException>(error);
        if (tls is not null || Find<HttpRequestException>(error)?.HttpRequestError == HttpRequestError.SecureConnectionError)
            return Tls(tls, Innermost(error), host);
        // With TLS 1.3 the daemon checks our certificate after the handshake; refusing it closes the connection unanswered.
        if (connection.Tls is not null && Find<HttpRequestException>(error)?.HttpRequestError == HttpRequestError.ResponseEnded)
            return $"TLS handshake with the Wharf daemon at {host} failed: the daemon closed the connection without answering, "
                + "which is how it refuses a client certificate it does not trust or that is missing (--tlscert/--tlskey).";
        if (host.Scheme == "unix")
        {
            if (socket?.SocketErrorCode == SocketError.AccessDenied || Find<UnauthorizedAccessException>(error) is not null) return PermissionDenied(host);
            if (socket is not null || error is HttpRequestException)
                // Whatever the errno (ENOENT, or ECONNREFUSED on a stale socket file), the daemon is not there to answer.
                return $"Cannot connect to the Wharf daemon at {host}. Is the daemon running?";
            return null;
        }
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"Cannot connect to the Wharf daemon at {host}: connection refused. Is the daemon running and listening on {host.Address}:{host.Port.ToString(CultureInfo.InvariantCulture)}?",
                SocketError.TimedOut => $"Cannot connect to the Wharf daemon at {host}: the connection timed out. Is the host reachable and the port open?",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"Cannot connect to the Wharf daemon at {host}: lookup {host.Address}: no such host",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"Cannot connect to the Wharf daemon at {host}: the network or host is unreachable",
                _ => $"Cannot connect to the Wharf daemon at {host}: {socket.Message}",
            };
        }
        if (error is HttpRequestException { InnerException: TimeoutException } || Find<TimeoutException>(error) is not null)
            return $"Cannot connect to the Wharf daemon at {host}: the connection timed out. Is the host reachable and the port open?";
        if (error is HttpRequestException http)
            return $"Cannot connect to the Wharf daemon at {host}: {http.InnerException?.Message ?? http.Message}";
        return null;
    }

    /// <summary>ssh's own words (auth failure, unreachable host) or the remote wharf's, with a hint for the usual causes.</summary>
    static string Ssh(CommandConnectionException e, DaemonHost host)
    {
        var hint = e.ExitCode switch
        {
            null => ". Is the OpenSSH client (ssh) installed and on PATH?",
            // The remote shell's "command not found".
            127 => ". Is wharf installed on the remote host, on the PATH of a non-interactive ssh session (see \"Over ssh\" in the README)?",
            _ => "",
        };
        return $"Cannot connect to the Wharf daemon at {host}: {e.Message}{hint}";
    }

    static string PermissionDenied(DaemonHost host)
    {
        var owner = SocketOwner.Of(host.Address);
        var who = owner is var (user, ownerGroup, mode)
            ? $" (owned by {user}:{ownerGroup}, mode {Convert.ToString(mode, 8).PadLeft(4, '0')})"
            : "";
        var group = owner?.Group ?? "wharf";
        return $"permission denied while trying to connect to the Wharf daemon socket at {host}{who}. "
            + $"Add your user to the '{group}' group (sudo usermod -aG {group} $USER, then log in again) or run the command with sudo.";
    }

    static string Tls(AuthenticationException? e, Exception innermost, DaemonHost host)
    {
        // Our validation callback said no: the daemon's certificate is what we refused.
        if (e is not null && (e.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal) || e.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase)))
            return $"TLS handshake with the Wharf daemon at {host} failed: this client refused the daemon's certificate (not signed by the CA given with --tlscacert, or not issued for {host.Address}).";
        return $"TLS handshake with the Wharf daemon at {host} failed: the daemon ended the handshake ({innermost.Message}). Does it require a client certificate (--tlscert/--tlskey), or is it not speaking TLS?";
    }

    static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T match) return match;
        return null;
    }
}
