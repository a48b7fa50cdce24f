using Wharf.Daemon.Config;

namespace Wharf.Daemon.Tests.Config;

/// <summary>Flags and a parsed daemon.json resolved as wharfd resolves them, for the configuration tests.</summary>
internal static class ConfigResolution
{
    public const string ConfigPath = "/etc/wharf/daemon.json";

    public static DaemonConfiguration Configure(DaemonFlags? flags = null, DaemonFileSettings? file = null) =>
        DaemonConfigResolver.Resolve(flags ?? new DaemonFlags(), file ?? DaemonFileSettings.Empty, ConfigPath);

    public static DaemonOptions Resolve(DaemonFlags? flags = null, DaemonFileSettings? file = null) => Configure(flags, file).Options;

    /// <summary>The start-up error the resolution gives.</summary>
    public static string Fails(DaemonFlags? flags = null, DaemonFileSettings? file = null) =>
        Assert.Throws<DaemonStartupException>(() => Configure(flags, file)).Message;
}
