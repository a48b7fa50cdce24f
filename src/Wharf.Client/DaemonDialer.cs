using System.Net.Security;
using System.Security.Authentication;

namespace Wharf.Client;

/// <summary>
/// Opens a connection to the daemon over its transport (unix socket, TCP with or without TLS, ssh): for the HTTP handler's
/// pool, and on their own for a hijacked request (attach, exec start) or <c>system dial-stdio</c>, which half-close theirs.
/// </summary>
internal sealed class DaemonDialer
{
    readonly Func<CancellationToken, Task<DaemonConnection>> _dial;

    DaemonDialer(Func<CancellationToken, Task<DaemonConnection>> dial, string host)
    {
        _dial = dial;
        Host = host;
    }

    /// <summary>The Host header of requests over these connections.</summary>
    public string Host { get; }

    public static DaemonDialer ForUnixSocket(string socketPath)
        => new(ct =>
        {
            ct.ThrowIfCancellationRequested();
            // connect(2) on a unix socket does not wait for the daemon to accept: nothing here to do asynchronously.
            return Task.FromResult(DaemonConnection.ForUnixSocket(UnixSocketStream.Connect(socketPath)));
        }, WharfClient.UnixHost);

    public static DaemonDialer ForTcp(string host, int port, ClientTls? tls, TimeSpan connectTimeout, string authority)
    {
        SslClientAuthenticationOptions? ssl = null;
        if (tls is not null)
        {
            var options = TcpConnector.SslOptions(tls);
            options.TargetHost = host;
            ssl = options;
        }
        return new(async ct =>
        {
            var socket = await TcpConnector.ConnectAsync(host, port, connectTimeout, ct);
            if (ssl is null) return DaemonConnection.ForSocket(socket);
            var stream = new SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            try
            {
                await stream.AuthenticateAsClientAsync(ssl, ct);
                return DaemonConnection.ForTls(socket, stream);
            }
            catch (Exception e)
            {
                await stream.DisposeAsync();
                // A daemon that hangs up on the hello fails the handshake with an IOException: a TLS failure all the same.
                if (e is IOException) throw new AuthenticationException($"the TLS handshake failed: {e.Message}", e);
                throw;
            }
        }, authority);
    }

    /// <summary>Each connection runs its own ssh, as the docker CLI's connection helper does.</summary>
    public static DaemonDialer ForSsh(SshDestination destination, string sshProgram)
        => new(_ => Task.FromResult(DaemonConnection.ForCommand(CommandConnection.Start(sshProgram, destination.SshArguments()))), WharfClient.UnixHost);

    /// <summary>A connected (and, for TLS, authenticated) transport.</summary>
    public Task<DaemonConnection> DialAsync(CancellationToken ct) => _dial(ct);
}
