using System.Collections.Frozen;

namespace Wharf.Daemon.Config;

/// <summary>The daemon.json keys dockerd knows, split into those Wharf honours and those it accepts with a warning.</summary>
internal static class DaemonConfigKeys
{
    /// <summary>Keys Wharf reads and acts on.</summary>
    public static readonly FrozenSet<string> Honoured = FrozenSet.Create(StringComparer.Ordinal,
    [
        "hosts", "data-root", "exec-root", "pidfile", "debug", "log-level", "log-format", "group", "labels",
        "storage-driver", "default-runtime", "runtimes", "insecure-registries", "seccomp-profile", "init-path",
        "bridge", "bip", "default-address-pools", "mtu",
        // Wharf's own: where the embedded DNS forwards other names ("ip" or "ip:port"; default: the host's resolv.conf).
        "dns-upstreams",
        "tls", "tlsverify", "tlscacert", "tlscert", "tlskey",
        // Wharf's own: allow TCP listeners without TLS client verification (anyone who reaches them is root on the host).
        "insecure-tcp",
        // Wharf's own: certificate identities -> roles, and the audit log of mutating requests (Wharf.Server/Security).
        "authorization", "audit-log",
    ]);

    /// <summary>Docker's other keys: valid in a daemon.json, not acted on by Wharf yet (containers, networks…).</summary>
    public static readonly FrozenSet<string> Unhonoured = FrozenSet.Create(StringComparer.Ordinal,
    [
        "allow-direct-routing", "allow-nondistributable-artifacts", "api-cors-header", "authorization-plugins", "bip6",
        "bridge-accept-fwmark", "builder", "cdi-spec-dirs", "cgroup-parent", "cluster-advertise", "cluster-store",
        "cluster-store-opts", "containerd", "containerd-namespace", "containerd-plugins-namespace", "cpu-rt-period",
        "cpu-rt-runtime", "default-cgroupns-mode", "default-gateway", "default-gateway-v6",
        "default-ipc-mode", "default-network-opts", "default-shm-size", "default-ulimits", "dns", "dns-opts", "dns-search",
        "exec-opts", "experimental", "features", "firewall-backend", "fixed-cidr", "fixed-cidr-v6", "host-gateway-ip",
        "host-gateway-ips", "icc", "init", "ip", "ip-forward", "ip-forward-no-drop", "ip-masq", "ip6tables",
        "iptables", "ipv6", "live-restore", "log-driver", "log-opts", "max-concurrent-downloads", "max-concurrent-uploads",
        "max-download-attempts", "metrics-addr", "network-control-plane-mtu", "no-new-privileges",
        "node-generic-resources", "oom-score-adjust", "proxies", "raw-logs", "registry-mirrors",
        "selinux-enabled", "shutdown-timeout", "storage-opts", "swarm-default-advertise-addr", "userland-proxy", "userland-proxy-path", "userns-remap",
    ]);
}
