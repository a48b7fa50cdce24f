using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Wharf.Server.Streaming;

namespace Wharf.Daemon.Tls;

/// <summary>How every Engine API listener is set up: HTTP/1.1, half-close tolerance, and TLS where it applies.</summary>
internal static class ApiListenOptions
{
    /// <summary>How long a client gets to finish its TLS handshake.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static void Configure(ListenOptions listen, TlsCredentialStore? tls)
    {
        listen.Protocols = HttpProtocols.Http1;
        // Docker clients half-close after a hijack and keep reading; Kestrel alone would abort them. Added before TLS,
        // so it wraps the transport connection: the client's TCP FIN (the docker CLI half-closes the raw connection
        // under TLS too) is what it must hold back from the HTTP layer.
        listen.UseHalfCloseTolerance();
        if (tls is null) return;
        // A callback per handshake instead of fixed options: each connection takes the certificates current at that
        // moment, which is what lets SIGHUP swap them without touching open connections.
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(tls.ServerOptions(context.Connection.RemoteEndPoint)),
            HandshakeTimeout = HandshakeTimeout,
        });
    }
}
