using Microsoft.Extensions.Logging;

namespace Wharf.Server.Security;

/// <summary>Log messages of identities, roles and the audit log; ids 1880-1899 (of the server's 1800-1899).</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(1880, LogLevel.Warning, "{Identity} (role {Role}) denied: {Method} {Path}: {Rule}")]
    public static partial void Denied(ILogger logger, string identity, string role, string method, string path, string rule);

    [LoggerMessage(1881, LogLevel.Error, "cannot write the audit log {Path}; {Lost} more queued lines dropped")]
    public static partial void AuditFailed(ILogger logger, string path, int lost, Exception exception);
    // next free id: 1882
}
