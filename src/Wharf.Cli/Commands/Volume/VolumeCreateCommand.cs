using System.CommandLine;
using Wharf.Api.Volumes;

namespace Wharf.Cli.Commands.Volume;

/// <summary><c>wharf volume create [-d DRIVER] [-o K=V] [--label K=V] [VOLUME]</c>: prints the volume's name (the daemon's, when none is given).</summary>
internal static class VolumeCreateCommand
{
    public static Command Create(CliContext cli)
    {
        var driver = new Option<string>("--driver", "-d") { Description = "Specify volume driver name", DefaultValueFactory = _ => "local" };
        var opt = new Option<string[]>("--opt", "-o") { Description = "Set driver specific options" };
        var label = new Option<string[]>("--label") { Description = "Set metadata for a volume" };
        // Hidden, as in the docker CLI: the older spelling of the positional name.
        var nameFlag = new Option<string?>("--name") { Description = "Specify volume name", Hidden = true };
        var name = new Argument<string?>("VOLUME") { Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("create", "Create a volume") { driver, opt, label, nameFlag, name };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(name), p.GetValue(nameFlag), p.GetValue(driver) ?? "local",
            p.GetValues(opt), p.GetValues(label), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string? name, string? nameFlag, string driver, string[] opts, string[] labels, CancellationToken ct)
    {
        if (name is not null && nameFlag is not null)
            throw new CliException("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
        var volume = await cli.Client.Volumes.CreateAsync(new VolumeCreateOptions
        {
            Name = name ?? nameFlag,
            Driver = driver,
            DriverOpts = VolumeCommands.ToMap(opts),
            Labels = VolumeCommands.ToMap(labels),
        }, ct);
        cli.Out.WriteLine(volume.Name);
        return 0;
    }
}
