using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Daemon.Tls;

/// <summary>
/// The mutual-TLS check: the client's certificate must chain to one of the given CAs and nothing else (no system
/// roots), be valid now, and allow client authentication. Nothing is downloaded and no revocation is checked
/// (a private CA has no CRL; rotating the CA is how access is withdrawn).
/// </summary>
internal static class ClientCertificateValidator
{
    /// <returns>null when the certificate is accepted, else why not (for the log).</returns>
    public static string? Check(X509Certificate? presented, X509Chain? presentedChain, X509Certificate2Collection authorities, DateTime now)
    {
        if (presented is null) return "no client certificate";
        if (authorities.Count == 0) return "no CA to check client certificates against";
        using var leaf = new X509Certificate2(presented);
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(authorities);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now;
        policy.ApplicationPolicy.Add(new Oid(CertificateFactory.ClientAuthOid));
        // Intermediates the client sent may complete the path; they are not trusted by themselves.
        if (presentedChain is not null)
            foreach (var element in presentedChain.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) policy.ExtraStore.Add(element.Certificate);
        if (chain.Build(leaf)) return null;
        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
        return $"certificate \"{leaf.Subject}\" refused: {string.Join(", ", problems)}";
    }
}
