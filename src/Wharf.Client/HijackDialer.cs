using System.Net.Security;

namespace Wharf.Client;

/// <summary>
/// Opens a raw connection to the daemon for a hijacked request (attach, exec start) or for <c>system dial-stdio</c>, with the
/// same connect logic as the HTTP handler of its transport: the pooled HttpClient cannot half-close its connections, these must.
/// </summary>
internal sealed class HijackDialer
{
    readonly Func<CancellationToken, Task<DaemonConnection>> _dial;

    HijackDialer(Func<CancellationToken, Task<DaemonConnection>> dial, string host)
    {
        _dial = dial;
        Host = host;
    }

    /// <summary>The Host header of hijacked requests, as the HTTP client would send it.</summary>
    public string Host { get; }

    public static HijackDialer ForUnixSocket(string socketPath)
        => new(async ct => DaemonConnection.ForSocket(await UnixSocketHandler.ConnectAsync(socketPath, ct)), WharfClient.UnixHost);

    public static HijackDialer ForTcp(string host, int port, ClientTls? tls, TimeSpan connectTimeout, string authority)
    {
        SslClientAuthenticationOptions? ssl = null;
        if (tls is not null)
        {
            var options = TcpHandler.SslOptions(tls);
            options.TargetHost = host;
            ssl = options;
        }
        return new(async ct =>
        {
            var socket = await TcpHandler.ConnectAsync(host, port, connectTimeout, ct);
            if (ssl is null) return DaemonConnection.ForSocket(socket);
            var stream = new SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            try
            {
                await stream.AuthenticateAsClientAsync(ssl, ct);
                return DaemonConnection.ForTls(socket, stream);
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }, authority);
    }

    /// <summary>Each connection runs its own ssh, as the docker CLI's connection helper does.</summary>
    public static HijackDialer ForSsh(SshDestination destination, string sshProgram)
        => new(_ => Task.FromResult(DaemonConnection.ForCommand(CommandConnection.Start(sshProgram, destination.SshArguments()))), WharfClient.UnixHost);

    /// <summary>A connected (and, for TLS, authenticated) transport.</summary>
    public Task<DaemonConnection> DialAsync(CancellationToken ct) => _dial(ct);
}
