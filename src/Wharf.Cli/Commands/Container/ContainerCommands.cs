using System.CommandLine;
using Wharf.Cli.Commands.Run;

namespace Wharf.Cli.Commands.Container;

/// <summary>The container verbs: docker's top-level shortcuts and the same verbs under <c>wharf container</c>.</summary>
internal static class ContainerCommands
{
    /// <summary>The non-interactive verbs; ps and rm answer to more names in the group than at the top level.</summary>
    static readonly (string Name, Func<CliContext, bool, Command> Create)[] Verbs =
    [
        ("ps", (cli, topLevel) => topLevel ? PsCommand.Create(cli, "ps") : PsCommand.Create(cli, "ls", "list", "ps")),
        ("stop", (cli, _) => StopCommand.Create(cli, restart: false)),
        ("restart", (cli, _) => StopCommand.Create(cli, restart: true)),
        ("kill", (cli, _) => KillCommand.Create(cli)),
        ("pause", (cli, _) => PauseCommand.Create(cli, unpause: false)),
        ("unpause", (cli, _) => PauseCommand.Create(cli, unpause: true)),
        ("rm", (cli, topLevel) => topLevel ? RmCommand.Create(cli, "rm") : RmCommand.Create(cli, "rm", "remove")),
        ("logs", (cli, _) => LogsCommand.Create(cli)),
        ("top", (cli, _) => TopCommand.Create(cli)),
        ("stats", (cli, _) => StatsCommand.Create(cli)),
        ("wait", (cli, _) => WaitCommand.Create(cli)),
        ("rename", (cli, _) => RenameCommand.Create(cli)),
        ("update", (cli, _) => UpdateCommand.Create(cli)),
        ("port", (cli, _) => PortCommand.Create(cli)),
        ("diff", (cli, _) => DiffCommand.Create(cli)),
        ("export", (cli, _) => ExportCommand.Create(cli)),
        ("cp", (cli, _) => CpCommand.Create(cli)),
        ("commit", (cli, _) => CommitCommand.Create(cli)),
    ];

    /// <summary>The top-level shortcuts: ps, stop, logs…</summary>
    public static IEnumerable<Verb> Shortcuts => Verbs.Select(v => new Verb(v.Name, cli => v.Create(cli, true)));

    /// <summary>The <c>container</c> group: the same verbs, inspect and prune, then run, create, start, attach and exec.</summary>
    public static Command Group(CliContext cli)
    {
        var group = new Command("container", "Manage containers");
        foreach (var (_, create) in Verbs) group.Subcommands.Add(create(cli, false));
        group.Subcommands.Add(ContainerInspectCommand.Create(cli));
        group.Subcommands.Add(ContainerPruneCommand.Create(cli));
        foreach (var verb in RunVerbs.All) group.Subcommands.Add(verb.Create(cli));
        return group;
    }
}
