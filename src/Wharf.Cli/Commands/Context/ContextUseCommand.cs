using System.CommandLine;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context use NAME</c>: makes it current in config.json.</summary>
internal static class ContextUseCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("CONTEXT");
        var cmd = new Command("use", "Set the current wharf context") { name };
        cmd.SetAction(p => Run(cli, p.GetValue(name)!));
        return cmd;
    }

    internal static int Run(CliContext cli, string name)
    {
        if (name != ContextStore.DefaultName && !cli.Contexts.Exists(name)) throw new CliException($"context \"{name}\" does not exist");
        cli.Contexts.SetCurrentContext(name);
        cli.Out.WriteLine(name);
        cli.Err.WriteLine($"Current context is now \"{name}\"");
        if (name != ContextStore.DefaultName && (cli.Env("WHARF_HOST") is { Length: > 0 } || cli.Env("DOCKER_HOST") is { Length: > 0 }))
            cli.Err.WriteLine("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.");
        return 0;
    }
}
