using System.CommandLine;

namespace Wharf.Cli.Commands.Run;

/// <summary><c>wharf create [OPTIONS] IMAGE [COMMAND] [ARG...]</c>: run's create call alone (with the pull of a missing image); prints the id.</summary>
internal static class CreateCommand
{
    public static Command Create(CliContext cli)
    {
        var options = new ContainerOptions();
        var cmd = new Command("create", "Create a new container");
        options.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            var tty = options.Tty(p);
            var request = options.Build(p, "create", detach: false, cli.Env, tty ? cli.Terminal.Size() : null);
            cli.Out.WriteLine(await ContainerCreator.CreateAsync(cli, request, options.Name(p), options.Platform(p), ct));
            return 0;
        });
        return cmd;
    }
}
