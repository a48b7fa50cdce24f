using System.CommandLine;
using System.CommandLine.Parsing;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf top CONTAINER [ps OPTIONS]</c>: the daemon runs ps with the options; the rows print in docker's 20-wide columns.</summary>
internal static class TopCommand
{
    public static Command Create(CliContext cli)
    {
        var container = new Argument<string>("CONTAINER");
        var psArgs = new Argument<string[]>("ps OPTIONS") { Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("top", "Display the running processes of a container") { container, psArgs };
        // ps options look like flags ("-o pid,comm"): they belong to ps, not to wharf.
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, PsArguments(p, cmd), ct));
        return cmd;
    }

    /// <summary>Everything after the container, in the order typed (the parser splits "-o" from its value).</summary>
    static string[] PsArguments(ParseResult p, Command top)
    {
        var tokens = p.Tokens;
        var start = 0;
        while (start < tokens.Count && !(tokens[start].Type == TokenType.Command && top.Name == tokens[start].Value)) start++;
        start++;
        while (start < tokens.Count && tokens[start].Type != TokenType.Argument) start++;
        return tokens.Skip(start + 1).Select(t => t.Value).ToArray();
    }

    internal static async Task<int> RunAsync(CliContext cli, string container, string[] psArgs, CancellationToken ct)
    {
        var top = await cli.Client.Containers.TopAsync(container, psArgs.Length == 0 ? null : string.Join(' ', psArgs), ct);
        var table = new TableWriter(cli.Out, minWidth: 20);
        table.Write(string.Join('\t', top.Titles) + "\n");
        foreach (var process in top.Processes ?? []) table.Write(string.Join('\t', process) + "\n");
        table.Flush();
        return 0;
    }
}
