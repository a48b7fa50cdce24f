namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// Where the network plumbing keeps its state and which programs it drives. Under <see cref="ExecRoot"/>: <c>netns/</c>
/// (one pinned namespace per container) and <c>cni/</c> (each attachment's CNI config and result, for DEL after a restart).
/// </summary>
public sealed record CniOptions(string ExecRoot)
{
    /// <summary>The CNI plugin binaries (Debian's containernetworking-plugins).</summary>
    public string PluginDirectory { get; init; } = "/usr/lib/cni";

    /// <summary>iptables, as a path or a name looked up in PATH.</summary>
    public string IptablesPath { get; init; } = "iptables";

    /// <summary>iproute2's ip, to delete a network's bridge.</summary>
    public string IpPath { get; init; } = "ip";

    /// <summary>How long one plugin or iptables call may take.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string NamespaceDirectory => Path.Combine(ExecRoot, "netns");

    public string CacheDirectory => Path.Combine(ExecRoot, "cni");
}
