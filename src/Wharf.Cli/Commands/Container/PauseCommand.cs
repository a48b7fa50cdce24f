using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf pause</c> and <c>wharf unpause</c>: freeze or thaw every process of each container.</summary>
internal static class PauseCommand
{
    public static Command Create(CliContext cli, bool unpause)
    {
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command(unpause ? "unpause" : "pause",
            unpause ? "Unpause all processes within one or more containers" : "Pause all processes within one or more containers") { names };
        cmd.SetAction((p, ct) => EachContainer.RunAsync(cli, p.GetValue(names)!, unpause
            ? name => cli.Client.Containers.UnpauseAsync(name, ct)
            : name => cli.Client.Containers.PauseAsync(name, ct), ct));
        return cmd;
    }
}
