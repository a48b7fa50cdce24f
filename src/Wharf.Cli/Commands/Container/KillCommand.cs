using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf kill [-s SIGNAL]</c>: the signal goes to the daemon as typed (KILL when absent).</summary>
internal static class KillCommand
{
    public static Command Create(CliContext cli)
    {
        var signal = new Option<string?>("--signal", "-s") { Description = "Signal to send to the container" };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("kill", "Kill one or more running containers") { signal, names };
        cmd.SetAction((p, ct) => EachContainer.RunAsync(cli, p.GetValue(names)!,
            name => cli.Client.Containers.KillAsync(name, p.GetValue(signal) is { Length: > 0 } s ? s : null, ct), ct));
        return cmd;
    }
}
