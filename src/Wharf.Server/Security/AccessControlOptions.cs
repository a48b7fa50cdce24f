namespace Wharf.Server.Security;

/// <summary>
/// daemon.json's <c>authorization</c> and <c>audit-log</c>, resolved: who gets which role, where an operator may
/// bind-mount from, and where the audit log goes. The defaults make every caller an admin, as Docker does.
/// </summary>
public sealed record AccessControlOptions
{
    /// <summary>Certificate subject rules, first match wins.</summary>
    public IReadOnlyList<IdentityRule> Identities { get; init; } = [];

    /// <summary>The role of a TCP client that matches no rule (or has no certificate, on an insecure TCP listener).</summary>
    public Role DefaultRole { get; init; } = Role.Admin;

    /// <summary>Absolute host paths an operator may bind-mount, with everything below them.</summary>
    public IReadOnlyList<string> OperatorBindPaths { get; init; } = [];

    /// <summary>The append-only audit log; null only for in-process hosts (tests), wharfd always sets one.</summary>
    public string? AuditLogPath { get; init; }
}
