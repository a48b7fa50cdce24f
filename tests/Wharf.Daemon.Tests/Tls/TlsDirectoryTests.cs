using System.Net;
using System.Security.Cryptography.X509Certificates;
using Wharf.Daemon.Config;
using Wharf.Daemon.Tls;

namespace Wharf.Daemon.Tests.Tls;

/// <summary><c>wharfd tls init</c> and <c>wharfd tls client</c>: the files, their modes, usages and names, and that the chains hold.</summary>
public sealed class TlsDirectoryTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode CertMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    static TlsDirectory Init(TempDirectory dir, bool force = false, int days = 30) =>
        InitInto(new TlsDirectory(dir.Combine("certs")), force, days);

    static TlsDirectory InitInto(TlsDirectory tls, bool force = false, int days = 30)
    {
        tls.Init(new TlsInitRequest(["wharf.example", "127.0.0.1", "::1"], "alice", "ops", days, force), Now);
        return tls;
    }

    static X509Certificate2 Cert(TlsDirectory tls, string name) => X509CertificateLoader.LoadCertificateFromFile(tls.File(name));

    [Fact]
    public void Init_writes_six_files_keys_0600_and_certificates_0644()
    {
        using var dir = new TempDirectory();
        var tls = Init(dir);
        Assert.Equal(
            ["ca-key.pem", "ca.pem", "cert.pem", "key.pem", "server-cert.pem", "server-key.pem"],
            Directory.GetFiles(tls.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var key in new[] { TlsDirectory.CaKey, TlsDirectory.ServerKey, TlsDirectory.ClientKey })
        {
            Assert.Equal(KeyMode, File.GetUnixFileMode(tls.File(key)));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(tls.File(key)), StringComparison.Ordinal);
        }
        foreach (var cert in new[] { TlsDirectory.CaCert, TlsDirectory.ServerCert, TlsDirectory.ClientCert })
            Assert.Equal(CertMode, File.GetUnixFileMode(tls.File(cert)));
    }

    [Fact]
    public void The_ca_signs_certificates_and_nothing_else()
    {
        using var dir = new TempDirectory();
        using var ca = Cert(Init(dir, days: 10), TlsDirectory.CaCert);
        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.InRange(ca.NotAfter.ToUniversalTime(), Now.UtcDateTime.AddDays(10).AddMinutes(-1), Now.UtcDateTime.AddDays(10).AddMinutes(1));
    }

    [Fact]
    public void The_server_certificate_names_the_sans_for_server_auth()
    {
        using var dir = new TempDirectory();
        var tls = Init(dir);
        using var server = Cert(tls, TlsDirectory.ServerCert);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, Assert.Single(server.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        Assert.Equal([CertificateFactory.ServerAuthOid], Usages(server));
        Assert.False(Assert.Single(server.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        var sans = Assert.Single(server.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["wharf.example"], sans.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], sans.EnumerateIPAddresses());
        Assert.True(server.MatchesHostname("wharf.example"));
        Assert.True(Chains(tls, server, CertificateFactory.ServerAuthOid));
    }

    [Fact]
    public void The_client_certificate_carries_the_identity_for_client_auth()
    {
        using var dir = new TempDirectory();
        var tls = Init(dir);
        using var client = Cert(tls, TlsDirectory.ClientCert);
        Assert.Equal("alice", client.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Contains("OU=ops", client.Subject, StringComparison.Ordinal);
        Assert.Equal([CertificateFactory.ClientAuthOid], Usages(client));
        Assert.True(Chains(tls, client, CertificateFactory.ClientAuthOid));
        Assert.False(Chains(tls, client, CertificateFactory.ServerAuthOid));
        // The key on disk belongs to the certificate on disk.
        using var pair = X509Certificate2.CreateFromPemFile(tls.File(TlsDirectory.ClientCert), tls.File(TlsDirectory.ClientKey));
        Assert.True(pair.HasPrivateKey);
    }

    [Fact]
    public void Existing_files_are_kept_unless_forced_and_forcing_makes_a_new_ca()
    {
        using var dir = new TempDirectory();
        var tls = Init(dir);
        var before = File.ReadAllText(tls.File(TlsDirectory.CaCert));
        var e = Assert.Throws<DaemonStartupException>(() => InitInto(tls));
        Assert.Equal($"{tls.File(TlsDirectory.CaCert)} already exists; use --force to replace every certificate in {tls.Path} (clients with the old ones are then refused)", e.Message);
        Assert.Equal(before, File.ReadAllText(tls.File(TlsDirectory.CaCert)));

        InitInto(tls, force: true);
        Assert.NotEqual(before, File.ReadAllText(tls.File(TlsDirectory.CaCert)));
        Assert.Empty(Directory.GetFiles(tls.Path, "*.tmp-*"));
    }

    [Fact]
    public void Client_issues_more_certificates_from_the_ca()
    {
        using var dir = new TempDirectory();
        var tls = Init(dir);
        var (certFile, keyFile) = tls.IssueClient("bob", "viewers", dir.Combine("bob"), 5, force: false, Now);
        Assert.Equal((dir.Combine("bob-cert.pem"), dir.Combine("bob-key.pem")), (certFile, keyFile));
        Assert.Equal(KeyMode, File.GetUnixFileMode(keyFile));
        using var bob = X509CertificateLoader.LoadCertificateFromFile(certFile);
        Assert.Equal("bob", bob.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("OU=viewers", bob.Subject, StringComparison.Ordinal);
        Assert.True(Chains(tls, bob, CertificateFactory.ClientAuthOid));
        Assert.Throws<DaemonStartupException>(() => tls.IssueClient("bob", null, dir.Combine("bob"), 5, force: false, Now));

        // A directory gets Docker's bundle layout, ready for DOCKER_CERT_PATH.
        var bundle = dir.Combine("carol") + "/";
        tls.IssueClient("carol", null, bundle, 5, force: false, Now);
        Assert.Equal(["ca.pem", "cert.pem", "key.pem"], Directory.GetFiles(bundle).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllText(tls.File(TlsDirectory.CaCert)), File.ReadAllText(Path.Combine(bundle, "ca.pem")));
    }

    [Fact]
    public void Client_without_a_ca_says_which_files_it_needs()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DaemonStartupException>(() => new TlsDirectory(dir.Path).IssueClient("x", null, dir.Combine("x"), 5, false, Now));
        Assert.StartsWith($"cannot load the CA from {dir.Combine("ca.pem")} and {dir.Combine("ca-key.pem")}", e.Message, StringComparison.Ordinal);
    }

    static string[] Usages(X509Certificate2 certificate) =>
        Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!).ToArray();

    static bool Chains(TlsDirectory tls, X509Certificate2 leaf, string usage)
    {
        using var ca = Cert(tls, TlsDirectory.CaCert);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(usage));
        return chain.Build(leaf);
    }
}
