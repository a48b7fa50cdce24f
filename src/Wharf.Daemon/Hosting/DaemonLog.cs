using Microsoft.Extensions.Logging;

namespace Wharf.Daemon.Hosting;

/// <summary>The daemon's log lines (ids 1900–1999).</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(1901, LogLevel.Information, "Starting wharfd {Version} (build {Build}): data root {DataRoot}, exec root {ExecRoot}")]
    public static partial void Starting(ILogger logger, string version, string build, string dataRoot, string execRoot);

    [LoggerMessage(1902, LogLevel.Warning, "Configuration key \"{Key}\" is accepted but not honoured by Wharf yet; ignoring it")]
    public static partial void UnhonouredKey(ILogger logger, string key);

    [LoggerMessage(1903, LogLevel.Information, "API listen on {SocketPath}")]
    public static partial void Listening(ILogger logger, string socketPath);

    [LoggerMessage(1904, LogLevel.Warning, "Group \"{Group}\" not found; {SocketPath} keeps the daemon's own group, so only that group and root can use it")]
    public static partial void SocketGroupMissing(ILogger logger, string group, string socketPath);

    [LoggerMessage(1905, LogLevel.Warning, "Could not give {SocketPath} to group \"{Group}\" (gid {GroupId}): errno {Errno}")]
    public static partial void SocketChownFailed(ILogger logger, string socketPath, string group, int groupId, int errno);

    [LoggerMessage(1906, LogLevel.Debug, "Removed stale socket {SocketPath}")]
    public static partial void RemovedStaleSocket(ILogger logger, string socketPath);

    [LoggerMessage(1907, LogLevel.Debug, "Initialising {Component}")]
    public static partial void Initialising(ILogger logger, string component);

    [LoggerMessage(1908, LogLevel.Information, "Daemon has completed initialization")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(1909, LogLevel.Information, "Shutting down: no new connections, open requests get {Timeout} to finish")]
    public static partial void Stopping(ILogger logger, TimeSpan timeout);

    [LoggerMessage(1910, LogLevel.Information, "Daemon shutdown complete")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1911, LogLevel.Debug, "Start-up failed")]
    public static partial void StartFailed(ILogger logger, Exception exception);
    [LoggerMessage(1912, LogLevel.Information, "Stopped by a signal during start-up")]
    public static partial void StartInterrupted(ILogger logger);

    [LoggerMessage(1913, LogLevel.Warning, "API listen on {Address} WITHOUT TLS client verification (--insecure-tcp): anyone who can reach this address is root on this host")]
    public static partial void InsecureListener(ILogger logger, string address);

    [LoggerMessage(1914, LogLevel.Information, "Reloaded the TLS certificates after SIGHUP: server certificate {CertFile}, client CA {CaFile}")]
    public static partial void TlsReloaded(ILogger logger, string certFile, string caFile);

    [LoggerMessage(1915, LogLevel.Error, "Reloading the TLS certificates after SIGHUP failed; the previous certificates stay in use: {Reason}")]
    public static partial void TlsReloadFailed(ILogger logger, string reason);

    [LoggerMessage(1916, LogLevel.Information, "Refused a TLS client from {Remote}: {Reason}")]
    public static partial void TlsClientRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(1917, LogLevel.Warning, "The server certificate {CertFile} expired at {NotAfter:O}; clients will refuse it")]
    public static partial void TlsCertificateExpired(ILogger logger, string certFile, DateTime notAfter);

    [LoggerMessage(1918, LogLevel.Information, "Received SIGHUP; there are no TLS certificates to reload")]
    public static partial void NothingToReload(ILogger logger);
    // next free id: 1919
}
