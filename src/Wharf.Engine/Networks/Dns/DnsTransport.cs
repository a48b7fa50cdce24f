namespace Wharf.Engine.Networks.Dns;

/// <summary>How a query reached the embedded DNS: UDP answers are limited in size, TCP ones are not.</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}
