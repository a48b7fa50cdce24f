using System.CommandLine;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context rm [-f] NAME...</c>: the current context goes only with -f, which also resets to default.</summary>
internal static class ContextRemoveCommand
{
    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of a context in use" };
        var names = new Argument<string[]>("CONTEXT") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("rm", "Remove one or more contexts") { force, names };
        cmd.Aliases.Add("remove");
        cmd.SetAction(p => Run(cli, p.GetValue(names)!, p.GetValue(force)));
        return cmd;
    }

    internal static int Run(CliContext cli, string[] names, bool force)
    {
        var errors = new List<string>();
        var current = cli.Contexts.CurrentContext();
        foreach (var name in names)
        {
            try
            {
                if (name == current && name != ContextStore.DefaultName)
                {
                    if (!force) throw new CliException($"context \"{name}\" is in use, set -f flag to force remove");
                    cli.Contexts.SetCurrentContext(ContextStore.DefaultName);
                }
                cli.Contexts.Remove(name);
                cli.Out.WriteLine(name);
            }
            catch (CliException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count == 0) return 0;
        cli.Err.WriteLine(string.Join('\n', errors));
        return 1;
    }
}
