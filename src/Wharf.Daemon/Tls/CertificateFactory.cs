using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Daemon.Tls;

/// <summary>
/// Makes the certificates of a small private PKI with System.Security.Cryptography only: a CA that signs nothing but
/// leaves (path length 0), server certificates (serverAuth, SANs) and client certificates (clientAuth, CN and OU
/// for the roles). RSA 2048 and SHA-256: every Docker client (Go, Python, .NET) accepts them.
/// </summary>
internal static class CertificateFactory
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>How far back a new certificate starts, so that a client whose clock is a little behind accepts it.</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>A self-signed CA with its private key.</summary>
    public static X509Certificate2 CreateCa(string commonName, DateTimeOffset now, int days)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(Subject(commonName, null), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now - ClockSkew, now.AddDays(days));
    }

    /// <summary>A server certificate for <paramref name="names"/> (IP addresses become IP SANs, the rest DNS SANs).</summary>
    public static X509Certificate2 CreateServer(X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now, int days)
    {
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name.Trim('[', ']'), out var ip)) sans.AddIpAddress(ip);
            else sans.AddDnsName(name);
        }
        return Issue(ca, Subject(names.Count > 0 ? names[0] : "wharfd", null), ServerAuthOid,
                     X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, sans.Build(), now - ClockSkew, now.AddDays(days));
    }

    /// <summary>A client certificate; its CN (and OU) are the identity the daemon's roles see.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string commonName, string? unit, DateTimeOffset now, int days) =>
        CreateClient(ca, commonName, unit, now - ClockSkew, now.AddDays(days));

    /// <summary>A client certificate valid exactly from <paramref name="notBefore"/> to <paramref name="notAfter"/> (tests make expired ones).</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string commonName, string? unit, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(ca, Subject(commonName, unit), ClientAuthOid, X509KeyUsageFlags.DigitalSignature, null, notBefore, notAfter);

    static X509Certificate2 Issue(X509Certificate2 ca, X500DistinguishedName subject, string usage, X509KeyUsageFlags keyUsage,
                                  X509Extension? sans, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter; // a leaf cannot outlive its CA
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (sans is not null) request.CertificateExtensions.Add(sans);
        // Signed through a generator rather than Create(ca, …), which refuses validity outside the CA's own: tests
        // need certificates that expired before the CA was made.
        using var caKey = ca.GetRSAPrivateKey() ?? throw new ArgumentException("the CA certificate has no RSA private key", nameof(ca));
        var signer = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(ca.SubjectName, signer, notBefore, notAfter, SerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    static X500DistinguishedName Subject(string commonName, string? unit)
    {
        // The builder writes the RDNs last-added first; this order encodes O, OU, CN (most significant first), as openssl does.
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (!string.IsNullOrEmpty(unit)) name.AddOrganizationalUnitName(unit);
        name.AddOrganizationName("wharf");
        return name.Build();
    }

    /// <summary>16 random bytes, positive (RFC 5280 wants a positive serial of at most 20 bytes).</summary>
    static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
