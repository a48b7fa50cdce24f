using System.CommandLine;
using Wharf.Cli.Commands.Container;

namespace Wharf.Cli.Commands.Volume;

/// <summary><c>wharf volume rm [-f] VOLUME...</c>: each name printed once removed; the daemon's errors after, exit 1 if any.</summary>
internal static class VolumeRemoveCommand
{
    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of one or more volumes" };
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("rm", "Remove one or more volumes") { force, names };
        cmd.Aliases.Add("remove");
        cmd.SetAction((p, ct) =>
        {
            var f = p.GetValue(force);
            return EachContainer.RunAsync(cli, p.GetValue(names)!, n => cli.Client.Volumes.RemoveAsync(n, f, ct), ct);
        });
        return cmd;
    }
}
