namespace Wharf.Engine.Networks;

/// <summary>The host's IPv4 routes, which a subnet picked for a new network must not overlap (declared here, implemented in Engine.Linux).</summary>
public interface IHostRoutes
{
    /// <summary>The destinations of the host's routes, default route excluded.</summary>
    IReadOnlyList<Ipv4Subnet> Destinations();
}
