using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf rm [-f] [-v]</c>: with -f a missing container is reported on stderr but is not a failure, as in the docker CLI.</summary>
internal static class RmCommand
{
    public static Command Create(CliContext cli, string name, params string[] aliases)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of a running container (uses SIGKILL)" };
        var volumes = new Option<bool>("--volumes", "-v") { Description = "Remove anonymous volumes associated with the container" };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command(name, "Remove one or more containers") { force, volumes, names };
        foreach (var alias in aliases) cmd.Aliases.Add(alias);
        cmd.SetAction((p, ct) =>
        {
            var f = p.GetValue(force);
            var v = p.GetValue(volumes);
            return EachContainer.RunAsync(cli, p.GetValue(names)!, n =>
            {
                var trimmed = n.Trim('/');
                if (trimmed.Length == 0) throw new CliException("Container name cannot be empty");
                return cli.Client.Containers.RemoveAsync(trimmed, f, v, ct);
            }, ct, reportOnly: e => f && e.StatusCode == 404);
        });
        return cmd;
    }
}
