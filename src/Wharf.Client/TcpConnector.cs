using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Client;

/// <summary>Connects to a TCP daemon, with client certificates and CA pinning when TLS is on.</summary>
internal static class TcpConnector
{
    /// <summary>The TLS settings of <paramref name="tls"/>.</summary>
    public static SslClientAuthenticationOptions SslOptions(ClientTls tls)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (tls.CertFile is not null && tls.KeyFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
            // SslStream needs the key in a form it can use on every platform; a PKCS#12 round trip gives that.
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }
        if (!tls.Verify)
        {
            // --tls without --tlsverify: encrypt, but accept whatever certificate the daemon shows (as docker does).
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (tls.CaFile is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(tls.CaFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = new X509Certificate2(certificate);
                return chain.Build(leaf);
            };
        }
        return ssl;
    }

    /// <summary>A connected TCP socket, given up after <paramref name="connectTimeout"/>.</summary>
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan connectTimeout, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            // Like the docker CLI: a hijacked session may be silent for long; keep-alives stop middleboxes from dropping it.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            return socket;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"dial tcp {host}:{port}: i/o timeout");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
