namespace Wharf.Server.Security;

/// <summary>How a caller reached the API.</summary>
internal enum CallerKind
{
    /// <summary>A unix socket (or an in-process host): access to the socket is access to the host, so admin.</summary>
    UnixSocket,

    /// <summary>TLS with a client certificate the listener verified against its CA.</summary>
    Certificate,

    /// <summary>TCP without a client certificate: only on a listener without <c>--tlsverify</c>.</summary>
    Anonymous,
}

/// <summary>
/// Who is calling and with which role. <see cref="Name"/> is what denials print (<c>CN=alice</c>),
/// <see cref="Subject"/> what the audit log records (the full certificate subject).
/// </summary>
internal sealed record Caller(CallerKind Kind, string Name, string Subject, Role Role)
{
    /// <summary>The peer's uid on a unix socket (SO_PEERCRED), when the transport exposes the socket.</summary>
    public int? PeerUid { get; init; }
}
