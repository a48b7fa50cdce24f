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
        var root = RootCommandFactory.Create(cli, args);
        var parse = Parse(root, args);
        var failed = Failed(parse);
        // The tree with only the named verb may have mistaken a flag's value for the verb: errors come from the whole tree.
        if (!root.IsWhole && failed)
        {
            root = RootCommandFactory.Create(cli);
            parse = Parse(root, args);
            failed = Failed(parse);
        }
        if (failed && !WantsHelp(args)) return Usage(cli, parse);
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

    // run, create and exec take a command line after their IMAGE/CONTAINER: their options stop there, as docker's do.
    static ParseResult Parse(RootCommandFactory root, string[] args)
        => root.Command.Parse(Commands.Run.CommandLineSplit.Normalize(root.Command, args));

    static bool Failed(ParseResult parse) => parse.Errors.Count > 0 || UnknownFlag(parse) is not null;

    /// <summary>
    /// A command argument that looks like a flag ("--bogus"): System.CommandLine would take it as the argument's value,
    /// the docker CLI calls it an unknown flag. A lone "-" (stdin) is an argument.
    /// </summary>
    static string? UnknownFlag(ParseResult parse)
    {
        // Loops rather than LINQ: this runs for every command line, and NativeAOT makes LINQ's generic virtual calls at run time.
        if (!parse.CommandResult.Command.TreatUnmatchedTokensAsErrors) return null; // "top C -o pid": the rest belongs to the command
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is not ArgumentResult argument) continue;
            foreach (var token in argument.Tokens)
                if (IsFlag(token.Value) && !AfterDoubleDash(parse, token)) return token.Value;
        }
        foreach (var unmatched in parse.UnmatchedTokens)
            if (IsFlag(unmatched)) return unmatched;
        return null;

        static bool IsFlag(string value) => value.Length > 1 && value[0] == '-';
    }

    /// <summary>Tokens after "--" are a command line's arguments ("sh -c …"), never flags.</summary>
    static bool AfterDoubleDash(ParseResult parse, Token token)
    {
        var dash = -1;
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (dash < 0 && parse.Tokens[i].Type == TokenType.DoubleDash) dash = i;
            else if (dash >= 0 && ReferenceEquals(parse.Tokens[i], token)) return true;
        }
        return false;
    }

    static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h");

    /// <summary>Docker's usage errors: the reason, a pointer to --help, exit status 125 (1 for a wrong number of arguments).</summary>
    static int Usage(CliContext cli, ParseResult parse)
    {
        if (UnknownFlag(parse) is null && ArityError(parse) is { } arity)
        {
            cli.Err.WriteLine(arity);
            return 1;
        }
        var unknown = UnknownFlag(parse);
        var message = unknown is not null ? $"unknown flag: {unknown}" : parse.Errors[0].Message;
        var unmatched = parse.UnmatchedTokens.FirstOrDefault();
        if (unknown is null && unmatched is not null && unmatched.StartsWith('-')) message = $"unknown flag: {unmatched}";
        else if (unmatched is not null && parse.CommandResult.Parent is null) message = $"wharf: '{unmatched}' is not a wharf command.";
        var path = string.Join(' ', CommandPath(parse.CommandResult));
        cli.Err.WriteLine(message);
        cli.Err.WriteLine();
        cli.Err.WriteLine($"Usage:  {path}{UsageArguments(parse.CommandResult.Command)}");
        cli.Err.WriteLine();
        cli.Err.WriteLine($"Run '{path} --help' for more information");
        return 125;
    }

    /// <summary>
    /// Docker's text for a command given too few or too many arguments ("'docker tag' requires 2 arguments"), with its
    /// usage and pointer; null when the count is right and the error is another one.
    /// </summary>
    static string? ArityError(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (parse.CommandResult.Parent is null || command.Subcommands.Count > 0) return null;
        int min = 0, max = 0;
        foreach (var argument in command.Arguments)
        {
            min += argument.Arity.MinimumNumberOfValues;
            max = (int)Math.Min(int.MaxValue, (long)max + argument.Arity.MaximumNumberOfValues);
        }
        var given = parse.CommandResult.Children.OfType<ArgumentResult>().Sum(a => a.Tokens.Count)
                    + parse.UnmatchedTokens.Count(t => !t.StartsWith('-'));
        if (given >= min && (given <= max || !command.TreatUnmatchedTokensAsErrors)) return null;

        const int Unbounded = 1000;   // System.CommandLine's "many" is 100000
        static string Args(int n) => n == 1 ? "argument" : "arguments";
        var path = string.Join(' ', CommandPath(parse.CommandResult));
        var (rule, pointer) = (min, max) switch
        {
            (0, 0) => ("accepts no arguments", "Run"),
            _ when min == max => ($"requires {min} {Args(min)}", "Run"),
            _ when max >= Unbounded => ($"requires at least {min} {Args(min)}", "See"),
            (0, _) => ($"requires at most {max} {Args(max)}", "Run"),
            _ => ($"requires at least {min} and at most {max} {Args(max)}", "Run"),
        };
        return $"wharf: '{path}' {rule}\n\nUsage:  {path}{UsageArguments(command)}\n\n{pointer} '{path} --help' for more information";
    }

    /// <summary>" [OPTIONS] IMAGE [IMAGE...]" as docker's usage lines read.</summary>
    static string UsageArguments(Command command)
    {
        var text = new System.Text.StringBuilder();
        if (command.Options.Count > 0) text.Append(" [OPTIONS]");
        if (command.Subcommands.Count > 0) text.Append(" COMMAND");
        foreach (var argument in command.Arguments)
        {
            // An argument whose usage text is not its arity's (import's extra words, which docker ignores).
            if (argument.HelpName is { } usage)
            {
                text.Append(' ').Append(usage);
                continue;
            }
            var max = argument.Arity.MaximumNumberOfValues;
            var optional = argument.Arity.MinimumNumberOfValues == 0;
            var one = optional ? $"[{argument.Name}]" : argument.Name;
            text.Append(' ').Append(max > 1 ? $"{one} [{argument.Name}...]" : one);
        }
        return text.ToString();
    }

    /// <summary>"wharf container ls": the names from the root down to <paramref name="result"/>'s command.</summary>
    internal static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Add(c.Command.Name);
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
            // HttpClient reports its connect timeout as a cancellation wrapping a TimeoutException: a connection failure, not Ctrl-C.
            case OperationCanceledException { InnerException: not TimeoutException }:
                return null;
        }
        Connection connection;
        try { connection = cli.Connection; }
        catch (CliException c) { return (c.Message, c.ExitCode); }
        return ConnectionErrors.Describe(e, connection) is { } message ? (message, 1) : null;
    }
}
