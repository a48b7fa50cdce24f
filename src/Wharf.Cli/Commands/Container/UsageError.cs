using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary>The docker CLI's usage error for a flag value its command rejects: the reason, the usage line, a pointer to --help.</summary>
internal static class UsageError
{
    public static string Text(ParseResult p, string reason, string arguments)
    {
        var path = string.Join(' ', CliApp.CommandPath(p.CommandResult));
        return $"{reason}\n\nUsage:  {path} [OPTIONS]{arguments}\n\nRun '{path} --help' for more information";
    }
}
