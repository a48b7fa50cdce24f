using System.CommandLine;

namespace Wharf.Cli.Commands.Run;

/// <summary>The interactive container verbs, made fresh for each place they appear (top level and under <c>container</c>).</summary>
internal static class RunVerbs
{
    public static IEnumerable<Command> Create(CliContext cli) =>
    [
        RunCommand.Create(cli),
        CreateCommand.Create(cli),
        StartCommand.Create(cli),
        AttachCommand.Create(cli),
        ExecCommand.Create(cli),
    ];

    /// <summary>Adds the verbs at the top level and under <c>container</c> (made here unless another part of the tree already has it).</summary>
    public static void AddTo(RootCommand root, CliContext cli)
    {
        foreach (var verb in Create(cli)) root.Subcommands.Add(verb);
        var group = root.Subcommands.FirstOrDefault(c => c.Name == "container");
        if (group is null)
        {
            group = new Command("container", "Manage containers");
            root.Subcommands.Add(group);
        }
        foreach (var verb in Create(cli)) group.Subcommands.Add(verb);
    }
}
