namespace Wharf.Cli.Commands.Run;

/// <summary>The interactive container verbs, made fresh for each place they appear (top level and under <c>container</c>).</summary>
internal static class RunVerbs
{
    public static IReadOnlyList<Verb> All { get; } =
    [
        new("run", RunCommand.Create),
        new("create", CreateCommand.Create),
        new("start", StartCommand.Create),
        new("attach", AttachCommand.Create),
        new("exec", ExecCommand.Create),
    ];
}
