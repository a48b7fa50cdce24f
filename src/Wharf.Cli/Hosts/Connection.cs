using Wharf.Client;

namespace Wharf.Cli.Hosts;

/// <summary>Where the CLI connects and how: the resolved host, its TLS settings, and the context it came from.</summary>
internal sealed record Connection(DaemonHost Host, ClientTls? Tls, string ContextName)
{
    /// <summary>A client for this connection.</summary>
    public WharfClient CreateClient() => Host.Scheme switch
    {
        "unix" => WharfClient.ForUnixSocket(Host.Address),
        "ssh" => WharfClient.ForSsh(Host.Ssh!),
        _ => WharfClient.ForTcp(Host.Address, Host.Port, Tls),
    };
}
