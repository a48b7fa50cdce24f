using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>
/// Where the CLI connects and how: the resolved host, its TLS settings, the context it came from, and why this host
/// (<see cref="Source"/>: "flag -H", "WHARF_HOST", "DOCKER_HOST", "context NAME" or "default"; <c>wharf doctor</c> shows it).
/// </summary>
internal sealed record Connection(DaemonHost Host, ClientTls? Tls, string ContextName, string Source = "default")
{
    /// <summary>A client for this connection.</summary>
    public WharfClient CreateClient() => Host.Scheme switch
    {
        "unix" => WharfClient.ForUnixSocket(Host.Address),
        "ssh" => WharfClient.ForSsh(Host.Ssh!),
        _ => WharfClient.ForTcp(Host.Address, Host.Port, Tls),
    };
}
