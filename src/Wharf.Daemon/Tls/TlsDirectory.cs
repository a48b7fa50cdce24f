using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wharf.Daemon.Config;

namespace Wharf.Daemon.Tls;

/// <summary>
/// The files of <c>wharfd tls init DIR</c>, named as Docker's documentation names them: the CA, the server's
/// certificate for <c>--tlscert/--tlskey</c> and a client bundle (<c>cert.pem</c>, <c>key.pem</c>, plus <c>ca.pem</c>)
/// that DOCKER_CERT_PATH or <c>--docker ca=,cert=,key=</c> can point at. Keys are written 0600, certificates 0644.
/// </summary>
internal sealed class TlsDirectory(string path)
{
    public const string CaCert = "ca.pem";
    public const string CaKey = "ca-key.pem";
    public const string ServerCert = "server-cert.pem";
    public const string ServerKey = "server-key.pem";
    public const string ClientCert = "cert.pem";
    public const string ClientKey = "key.pem";

    const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode CertMode = KeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a new CA, server certificate and client bundle; existing files are kept unless <paramref name="force"/>.</summary>
    public void Init(TlsInitRequest request, DateTimeOffset now)
    {
        if (request.Days <= 0) throw new DaemonStartupException("--days must be at least 1");
        string[] names = [CaCert, CaKey, ServerCert, ServerKey, ClientCert, ClientKey];
        if (!request.Force && names.FirstOrDefault(n => System.IO.File.Exists(File(n))) is { } existing)
            throw new DaemonStartupException(
                $"{File(existing)} already exists; use --force to replace every certificate in {Path} (clients with the old ones are then refused)");
        Directory.CreateDirectory(Path);
        using var ca = CertificateFactory.CreateCa($"wharfd CA ({request.Sans.FirstOrDefault() ?? Environment.MachineName})", now, request.Days);
        using var server = CertificateFactory.CreateServer(ca, request.Sans, now, request.Days);
        using var client = CertificateFactory.CreateClient(ca, request.ClientCommonName, request.ClientUnit, now, request.Days);
        // Keys first: a reader that sees a new certificate must never pair it with an old key. The CA goes last, so
        // a half-written directory still holds a consistent CA for the old leaves.
        WritePair(server, File(ServerCert), File(ServerKey));
        WritePair(client, File(ClientCert), File(ClientKey));
        WritePair(ca, File(CaCert), File(CaKey));
    }

    /// <summary>Issues another client certificate from this directory's CA into <paramref name="outPrefix"/>.</summary>
    /// <returns>The certificate and key paths written.</returns>
    public (string CertFile, string KeyFile) IssueClient(string commonName, string? unit, string outPrefix, int days, bool force, DateTimeOffset now)
    {
        if (days <= 0) throw new DaemonStartupException("--days must be at least 1");
        using var ca = LoadCa();
        string certFile, keyFile;
        var prefix = System.IO.Path.GetFullPath(outPrefix);
        // A directory (existing, or named with a trailing slash) gets Docker's bundle layout, CA included.
        var bundle = Directory.Exists(prefix) || outPrefix.EndsWith('/');
        if (bundle)
        {
            (certFile, keyFile) = (System.IO.Path.Combine(prefix, ClientCert), System.IO.Path.Combine(prefix, ClientKey));
            Directory.CreateDirectory(prefix);
        }
        else
        {
            (certFile, keyFile) = (prefix + "-cert.pem", prefix + "-key.pem");
        }
        if (!force && new[] { certFile, keyFile }.FirstOrDefault(System.IO.File.Exists) is { } existing)
            throw new DaemonStartupException($"{existing} already exists; use --force to replace it");
        using var client = CertificateFactory.CreateClient(ca, commonName, unit, now, days);
        WritePair(client, certFile, keyFile);
        if (bundle) WriteAtomically(System.IO.Path.Combine(prefix, CaCert), ca.ExportCertificatePem(), CertMode);
        return (certFile, keyFile);
    }

    /// <summary>The CA with its key, to sign more certificates.</summary>
    public X509Certificate2 LoadCa()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(File(CaCert), File(CaKey));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new DaemonStartupException($"cannot load the CA from {File(CaCert)} and {File(CaKey)}: {e.Message}", e);
        }
    }

    static void WritePair(X509Certificate2 certificate, string certFile, string keyFile)
    {
        using var key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("the certificate has no RSA private key");
        WriteAtomically(keyFile, key.ExportPkcs8PrivateKeyPem(), KeyMode);
        WriteAtomically(certFile, certificate.ExportCertificatePem(), CertMode);
    }

    /// <summary>A temp file created with its final mode, then renamed over the target: no reader sees half a file, no key is ever readable by others.</summary>
    static void WriteAtomically(string path, string pem, UnixFileMode mode)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode & KeyMode,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
                writer.Write('\n');
            }
            // The umask may have taken bits away (or the create mode was narrowed above): set the exact mode now.
            System.IO.File.SetUnixFileMode(temp, mode);
            System.IO.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            System.IO.File.Delete(temp);
            throw;
        }
    }
}

/// <summary>What <c>wharfd tls init</c> was asked for.</summary>
internal sealed record TlsInitRequest(IReadOnlyList<string> Sans, string ClientCommonName, string? ClientUnit, int Days, bool Force);
