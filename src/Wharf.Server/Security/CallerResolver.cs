using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Wharf.Server.Security;

/// <summary>
/// Turns a connection into a <see cref="Caller"/>: unix socket -> admin; a verified client certificate -> the first
/// <see cref="IdentityRule"/> its subject matches, else the default role; TCP without a certificate -> the default role.
/// The certificate is trusted as is: the TLS listener (with <c>--tlsverify</c>) has already checked it against the CA.
/// </summary>
internal sealed class CallerResolver(AccessControlOptions options)
{
    const string CommonNameOid = "2.5.4.3";
    const string OrganizationalUnitOid = "2.5.4.11";
    // struct ucred { pid_t pid; uid_t uid; gid_t gid; } from getsockopt(SOL_SOCKET, SO_PEERCRED).
    const int SolSocket = 1;
    const int SoPeerCred = 17;

    static readonly Caller UnixSocketCaller = new(CallerKind.UnixSocket, "unix-socket", "unix-socket", Role.Admin);

    /// <summary>The caller; a unix-socket caller's uid is left out (see <see cref="WithPeerUid"/>).</summary>
    public Caller Resolve(HttpContext http)
    {
        var connection = http.Connection;
        if (IsLocalSocket(http)) return UnixSocketCaller;
        if (connection.ClientCertificate is { } certificate) return FromCertificate(certificate);
        var peer = connection.RemoteIpAddress is { } ip ? $"{Format(ip)}:{connection.RemotePort}" : "unknown";
        var name = $"anonymous TCP client {peer}";
        return new Caller(CallerKind.Anonymous, name, name, options.DefaultRole);
    }

    /// <summary>
    /// A unix socket, or an in-process host: TCP connections always carry a local IP address, the others never do.
    /// </summary>
    static bool IsLocalSocket(HttpContext http) =>
        http.Features.Get<IConnectionEndPointFeature>()?.LocalEndPoint is UnixDomainSocketEndPoint
        || http.Connection.LocalIpAddress is null;

    public Caller FromCertificate(X509Certificate2 certificate)
    {
        var (commonNames, units) = SubjectParts(certificate.SubjectName);
        var subject = certificate.Subject;
        // Denials name the CN, which is how people know their certificates; a subject without one is named in full.
        var name = commonNames.Count > 0 ? $"CN={commonNames[0]}" : subject;
        foreach (var rule in options.Identities)
            if (Matches(rule, commonNames, units)) return new Caller(CallerKind.Certificate, name, subject, rule.Role);
        return new Caller(CallerKind.Certificate, name, subject, options.DefaultRole);
    }

    static bool Matches(IdentityRule rule, List<string> commonNames, List<string> units) =>
        (rule.CommonName is null || commonNames.Contains(rule.CommonName, StringComparer.Ordinal))
        && (rule.OrganizationalUnit is null || units.Contains(rule.OrganizationalUnit, StringComparer.Ordinal))
        && (rule.CommonName is not null || rule.OrganizationalUnit is not null);

    static (List<string> CommonNames, List<string> Units) SubjectParts(X500DistinguishedName subject)
    {
        var commonNames = new List<string>();
        var units = new List<string>();
        foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
        {
            // Multi-valued RDNs (CN=a+OU=b) are rare; their parts are not single-valued and are skipped, never guessed.
            if (rdn.HasMultipleElements) continue;
            var value = rdn.GetSingleElementValue();
            if (value is null) continue;
            switch (rdn.GetSingleElementType().Value)
            {
                case CommonNameOid: commonNames.Add(value); break;
                case OrganizationalUnitOid: units.Add(value); break;
            }
        }
        return (commonNames, units);
    }

    static string Format(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();

    /// <summary>
    /// The caller with its peer's uid when it came over a unix socket: asked of the kernel only for what is audited, so
    /// the reads that make most of the traffic cost no system call.
    /// </summary>
    public static Caller WithPeerUid(Caller caller, HttpContext http) =>
        caller.Kind == CallerKind.UnixSocket && PeerUid(http) is { } uid ? caller with { PeerUid = uid } : caller;

    /// <summary>The peer's uid on a unix socket, when Kestrel's socket transport exposes the socket; null otherwise.</summary>
    static int? PeerUid(HttpContext http)
    {
        if (http.Features.Get<IConnectionSocketFeature>()?.Socket is not { AddressFamily: AddressFamily.Unix } socket) return null;
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) == 12 ? BitConverter.ToInt32(ucred[4..8]) : null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
