using System.CommandLine;
using System.CommandLine.Parsing;

namespace Wharf.Cli.Commands.Container;

/// <summary>The docker CLI's usage error for a flag value its command rejects: the reason, the usage line, a pointer to --help.</summary>
internal static class UsageError
{
    public static string Text(ParseResult p, string reason, string arguments)
    {
        var names = new List<string>();
        for (SymbolResult? r = p.CommandResult; r is CommandResult c; r = c.Parent) names.Add(c.Command is RootCommand ? "wharf" : c.Command.Name);
        names.Reverse();
        var path = string.Join(' ', names);
        return $"{reason}\n\nUsage:  {path} [OPTIONS]{arguments}\n\nRun '{path} --help' for more information";
    }
}
