using Wharf.Daemon.Config;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// The rule for network listeners: mutual TLS (<c>--tlsverify</c>), or an explicit <c>--insecure-tcp</c>. Access to
/// the API is root on the host, so a listener that lets anyone in is refused unless the operator asked for it.
/// </summary>
internal static class ListenerSecurity
{
    /// <returns>The listeners that run without client verification because <paramref name="insecureTcp"/> allowed it (each deserves a warning).</returns>
    public static IReadOnlyList<Listener> Check(IEnumerable<Listener> listeners, DaemonTlsOptions? tls, bool insecureTcp)
    {
        var insecure = new List<Listener>();
        foreach (var listener in listeners.Where(l => l.IsNetwork))
        {
            if (tls is { Verify: true }) continue;
            if (insecureTcp)
            {
                insecure.Add(listener);
                continue;
            }
            throw new DaemonStartupException(tls is null
                ? $"cannot listen on {listener} without TLS: anyone who can reach it would be root on this host. " +
                  "Use --tlsverify --tlscacert ca.pem --tlscert server-cert.pem --tlskey server-key.pem " +
                  "(`wharfd tls init DIR --san NAME` makes them), or --insecure-tcp to accept the risk"
                : $"cannot listen on {listener} with --tls but without --tlsverify: no client certificate would be checked, so anyone " +
                  "who can reach it would be root on this host. Add --tlsverify --tlscacert ca.pem, or --insecure-tcp to accept the risk");
        }
        return insecure;
    }
}
