using System.CommandLine;
using Wharf.Api.Networks;
using Wharf.Cli.Commands.Volume;

namespace Wharf.Cli.Commands.Network;

/// <summary><c>wharf network create [OPTIONS] NETWORK</c>: the docker CLI's body (CheckDuplicate, IPAM pools from the flags); prints the new id.</summary>
internal static class NetworkCreateCommand
{
    public static Command Create(CliContext cli)
    {
        var attachable = new Option<bool>("--attachable") { Description = "Enable manual container attachment" };
        var driver = new Option<string>("--driver", "-d") { Description = "Driver to manage the Network", DefaultValueFactory = _ => "bridge" };
        var gateway = new Option<string[]>("--gateway") { Description = "IPv4 or IPv6 Gateway for the master subnet" };
        var @internal = new Option<bool>("--internal") { Description = "Restrict external access to the network" };
        var ipRange = new Option<string[]>("--ip-range") { Description = "Allocate container ip from a sub-range" };
        var ipamDriver = new Option<string>("--ipam-driver") { Description = "IP Address Management Driver", DefaultValueFactory = _ => "default" };
        var ipamOpt = new Option<string[]>("--ipam-opt") { Description = "Set IPAM driver specific options" };
        var ipv6 = new Option<bool>("--ipv6") { Description = "Enable or disable IPv6 address assignment" };
        var label = new Option<string[]>("--label") { Description = "Set metadata on a network" };
        var opt = new Option<string[]>("--opt", "-o") { Description = "Set driver specific options" };
        var subnet = new Option<string[]>("--subnet") { Description = "Subnet in CIDR format that represents a network segment" };
        var name = new Argument<string>("NETWORK");
        var cmd = new Command("create", "Create a network") { attachable, driver, gateway, @internal, ipRange, ipamDriver, ipamOpt, ipv6, label, opt, subnet, name };
        cmd.SetAction((p, ct) => RunAsync(cli, new Options(
            p.GetValue(name)!, p.GetValue(driver) ?? "bridge", p.GetValues(opt), p.GetValues(label), p.GetValue(@internal),
            p.GetValue(attachable), p.GetResult(ipv6) is { Implicit: false } ? p.GetValue(ipv6) : null, p.GetValue(ipamDriver) ?? "default", p.GetValues(ipamOpt),
            p.GetValues(subnet), p.GetValues(ipRange), p.GetValues(gateway)), ct));
        return cmd;
    }

    /// <summary>The flags as given; <see cref="IPv6"/> is null unless <c>--ipv6</c> was set, and then sent either way.</summary>
    internal sealed record Options(
        string Name, string Driver, string[] Opts, string[] Labels, bool Internal, bool Attachable, bool? IPv6,
        string IpamDriver, string[] IpamOpts, string[] Subnets, string[] Ranges, string[] Gateways);

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var pools = IpamFlags.Build(NetworkCommands.SplitCommas(o.Subnets), NetworkCommands.SplitCommas(o.Ranges), NetworkCommands.SplitCommas(o.Gateways));
        var response = await cli.Client.Networks.CreateAsync(new NetworkCreateRequest
        {
            Name = o.Name,
            CheckDuplicate = true,
            Driver = o.Driver,
            Scope = "",
            Internal = o.Internal,
            Attachable = o.Attachable,
            EnableIPv6 = o.IPv6 ?? false,
            IPAM = new Ipam { Driver = o.IpamDriver, Options = VolumeCommands.ToMap(o.IpamOpts), Config = pools },
            Options = VolumeCommands.ToMap(o.Opts),
            Labels = VolumeCommands.ToMap(o.Labels),
        }, ct);
        // The daemon's warning (e.g. an overlapping subnet) is not printed: the docker CLI drops it too.
        cli.Out.WriteLine(response.Id);
        return 0;
    }
}
