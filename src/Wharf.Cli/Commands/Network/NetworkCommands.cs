using System.CommandLine;

namespace Wharf.Cli.Commands.Network;

/// <summary>The <c>wharf network</c> group: create, ls, inspect, rm, prune, connect, disconnect, with the docker CLI's flags and output.</summary>
internal static class NetworkCommands
{
    public static Command Create(CliContext cli) => new("network", "Manage networks")
    {
        NetworkConnectCommand.Create(cli),
        NetworkCreateCommand.Create(cli),
        NetworkDisconnectCommand.Create(cli),
        NetworkInspectCommand.Create(cli),
        NetworkListCommand.Create(cli),
        NetworkPruneCommand.Create(cli),
        NetworkRemoveCommand.Create(cli),
    };

    /// <summary>
    /// pflag's string-slice values (<c>--subnet</c>, <c>--alias</c>…): each occurrence may hold several comma-separated
    /// values. pflag reads them as CSV, so quotes may protect a comma; plain values, the only kind these flags take, split on it.
    /// </summary>
    internal static List<string> SplitCommas(IEnumerable<string> values)
        => [.. values.SelectMany(v => v.Length == 0 ? [] : v.Split(','))];
}
