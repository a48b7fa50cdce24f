using System.Net;

namespace Wharf.Engine.Networks.Dns;

/// <summary>
/// Where the embedded DNS forwards names that are not containers' (daemon.json <c>dns-upstreams</c>, parsed by
/// <see cref="DnsUpstreams.Parse"/>); empty means the host's <c>/etc/resolv.conf</c> nameservers.
/// </summary>
public sealed record DnsUpstreamOptions
{
    /// <summary>dockerd's resolver waits 4 s for each external server.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(4);

    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>How long one upstream has to answer before the next one is asked.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The host's resolver configuration, read when <see cref="Servers"/> is empty.</summary>
    public string ResolvConfPath { get; init; } = "/etc/resolv.conf";
}
