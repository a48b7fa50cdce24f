using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Daemon.Config;

namespace Wharf.Daemon.Tls;

/// <summary>One consistent set of TLS files as loaded: the server's certificate (with its chain) and the trusted client CAs.</summary>
internal sealed class TlsCredentials
{
    TlsCredentials(X509Certificate2 certificate, SslStreamCertificateContext context, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Context = context;
        Authorities = authorities;
    }

    /// <summary>The server's leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>What each handshake presents: the leaf and any intermediates from the certificate file.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The CAs whose client certificates are accepted; empty without <c>--tlsverify</c>.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Reads the files; errors name the file and the cause, as dockerd's do.</summary>
    public static TlsCredentials Load(DaemonTlsOptions options)
    {
        X509Certificate2 certificate;
        var chain = new X509Certificate2Collection();
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
            chain.ImportFromPemFile(options.CertFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new DaemonStartupException($"invalid TLS configuration: could not load X509 key pair (cert: \"{options.CertFile}\", key: \"{options.KeyFile}\"): {e.Message}", e);
        }
        // The first certificate of the file is the leaf; the rest (if any) are intermediates sent along in the handshake.
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1)) intermediates.Add(extra);
        var authorities = new X509Certificate2Collection();
        if (options.Verify && options.CaFile is { } caFile)
        {
            try
            {
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new DaemonStartupException($"invalid TLS configuration: could not read CA certificate \"{caFile}\": {e.Message}", e);
            }
            if (authorities.Count == 0)
                throw new DaemonStartupException($"invalid TLS configuration: failed to append certificates from PEM file: \"{caFile}\"");
        }
        return new TlsCredentials(certificate, SslStreamCertificateContext.Create(certificate, intermediates, offline: true), authorities);
    }
}
