namespace Wharf.Engine.Networks;

/// <summary>The daemon's network settings: the default bridge's device and address (dockerd's <c>--bridge</c>, <c>--bip</c>) and the pools for new networks.</summary>
public sealed record NetworkOptions
{
    public const string DefaultBridgeDevice = "wharf0";

    /// <summary>The Linux bridge behind the built-in <c>bridge</c> network.</summary>
    public string BridgeDevice { get; init; } = DefaultBridgeDevice;

    /// <summary>The default bridge's gateway address and prefix, such as <c>10.213.0.1/24</c>; null picks a subnet from <see cref="Pools"/>.</summary>
    public Ipv4Subnet? BridgeIp { get; init; }

    public IReadOnlyList<AddressPool> Pools { get; init; } = AddressPool.Defaults;

    public int Mtu { get; init; } = 1500;
}
