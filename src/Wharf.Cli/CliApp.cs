using System.CommandLine;
using System.CommandLine.Parsing;
using Wharf.Cli.Commands;
using Wharf.Cli.Hosts;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli;

/// <summary>Builds the command tree, runs one command line, and turns failures into Docker's messages and exit codes.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(CliContext cli, string[] args, CancellationToken ct)
    {
        var root = RootCommandFactory.Create(cli);
        var parse = root.Command.Parse(args);
        if (parse.Errors.Count > 0 && !WantsHelp(args)) return Usage(cli, parse);
        try
        {
            cli.Flags = root.ReadFlags(parse);
            return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.Out, Error = cli.Err, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception e) when (Classify(e, cli) is var (message, code))
        {
            cli.Err.WriteLine(message);
            return code;
        }
    }

    static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h");

    /// <summary>Docker's usage errors: the reason, a pointer to --help, exit status 125.</summary>
    static int Usage(CliContext cli, ParseResult parse)
    {
        var error = parse.Errors[0];
        var message = error.Message;
        var unmatched = parse.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null && unmatched.StartsWith('-')) message = $"unknown flag: {unmatched}";
        else if (unmatched is not null && parse.CommandResult.Command is RootCommand) message = $"wharf: '{unmatched}' is not a wharf command.";
        var path = string.Join(' ', CommandPath(parse.CommandResult));
        cli.Err.WriteLine(message);
        cli.Err.WriteLine($"See '{path} --help'.");
        return 125;
    }

    static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Add(c.Command is RootCommand ? "wharf" : c.Command.Name);
        names.Reverse();
        return names;
    }

    /// <summary>The message and exit code for a failure, as the docker CLI prints them; null for a bug, which propagates.</summary>
    internal static (string Message, int Code)? Classify(Exception e, CliContext cli)
    {
        switch (e)
        {
            case CliException c:
                return (c.Message, c.ExitCode);
            case WharfApiException api:
                return ($"Error response from daemon: {api.Message}", 1);
            case TemplateException t:
                return ($"template parsing error: {t.Message}", 1);
            case OperationCanceledException:
                return null;
        }
        Connection connection;
        try { connection = cli.Connection; }
        catch (CliException c) { return (c.Message, c.ExitCode); }
        return ConnectionErrors.Describe(e, connection.Host) is { } message ? (message, 1) : null;
    }
}
