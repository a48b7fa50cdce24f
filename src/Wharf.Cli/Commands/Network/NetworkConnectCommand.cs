using System.CommandLine;
using Wharf.Api.Containers;

namespace Wharf.Cli.Commands.Network;

/// <summary><c>wharf network connect [--alias A] [--ip IP] NETWORK CONTAINER</c>: the endpoint settings the docker CLI sends; the daemon's error as it is.</summary>
internal static class NetworkConnectCommand
{
    public static Command Create(CliContext cli)
    {
        var alias = new Option<string[]>("--alias") { Description = "Add network-scoped alias for the container" };
        var ip = new Option<string?>("--ip") { Description = "IPv4 address (e.g., \"172.30.100.104\")" };
        var network = new Argument<string>("NETWORK");
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("connect", "Connect a container to a network") { alias, ip, network, container };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(network)!, p.GetValue(container)!, p.GetValues(alias), p.GetValue(ip), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string network, string container, string[] aliases, string? ip, CancellationToken ct)
    {
        // As docker 28 sends it: an IPAMConfig always (empty without --ip), the aliases as a list (empty without --alias),
        // and an empty driver-options map; the address is passed as typed, for the daemon to judge.
        var endpoint = new EndpointSettings
        {
            IPAMConfig = new EndpointIpamConfig { IPv4Address = string.IsNullOrEmpty(ip) ? null : ip },
            Aliases = NetworkCommands.SplitCommas(aliases),
            DriverOpts = [],
        };
        await cli.Client.Networks.ConnectAsync(network, container, endpoint, ct);
        return 0;
    }
}
