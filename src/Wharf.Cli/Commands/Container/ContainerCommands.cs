using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary>The non-interactive container verbs: docker's top-level shortcuts and the same verbs under <c>wharf container</c>.</summary>
internal static class ContainerCommands
{
    /// <summary>Adds the shortcuts (ps, stop, logs…) to <paramref name="root"/> and returns the <c>container</c> group, for run/create/start/attach/exec to join.</summary>
    public static Command AddTo(RootCommand root, CliContext cli)
    {
        foreach (var shortcut in Verbs(cli, topLevel: true)) root.Subcommands.Add(shortcut);
        var group = new Command("container", "Manage containers");
        foreach (var verb in Verbs(cli, topLevel: false)) group.Subcommands.Add(verb);
        group.Subcommands.Add(ContainerInspectCommand.Create(cli));
        group.Subcommands.Add(ContainerPruneCommand.Create(cli));
        root.Subcommands.Add(group);
        return group;
    }

    static IEnumerable<Command> Verbs(CliContext cli, bool topLevel)
    {
        yield return topLevel ? PsCommand.Create(cli, "ps") : PsCommand.Create(cli, "ls", "list", "ps");
        yield return StopCommand.Create(cli, restart: false);
        yield return StopCommand.Create(cli, restart: true);
        yield return KillCommand.Create(cli);
        yield return PauseCommand.Create(cli, unpause: false);
        yield return PauseCommand.Create(cli, unpause: true);
        yield return topLevel ? RmCommand.Create(cli, "rm") : RmCommand.Create(cli, "rm", "remove");
        yield return LogsCommand.Create(cli);
        yield return TopCommand.Create(cli);
        yield return StatsCommand.Create(cli);
        yield return WaitCommand.Create(cli);
        yield return RenameCommand.Create(cli);
        yield return UpdateCommand.Create(cli);
        yield return PortCommand.Create(cli);
        yield return DiffCommand.Create(cli);
        yield return ExportCommand.Create(cli);
        yield return CpCommand.Create(cli);
        yield return CommitCommand.Create(cli);
    }
}
