using System.CommandLine;

namespace Wharf.Cli.Commands.Network;

/// <summary><c>wharf network disconnect [-f] NETWORK CONTAINER</c>: silent on success, the daemon's error as it is.</summary>
internal static class NetworkDisconnectCommand
{
    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the container to disconnect from a network" };
        var network = new Argument<string>("NETWORK");
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("disconnect", "Disconnect a container from a network") { force, network, container };
        cmd.SetAction(async (p, ct) =>
        {
            await cli.Client.Networks.DisconnectAsync(p.GetValue(network)!, p.GetValue(container)!, p.GetValue(force), ct);
            return 0;
        });
        return cmd;
    }
}
