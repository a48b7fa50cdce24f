using System.CommandLine;

namespace Wharf.Cli.Commands;

/// <summary>Reading list flags and arguments without the cost of an absent one's default.</summary>
internal static class ParseResultValues
{
    /// <summary>
    /// The values given for a list option, none when it was not given. System.CommandLine makes an absent list's default
    /// with Array.CreateInstance, which starts NativeAOT's reflection runtime: ~0.1 ms of a `ps` or `images` without -f.
    /// </summary>
    public static string[] GetValues(this ParseResult result, Option<string[]> option)
        => result.GetResult(option) is null ? [] : result.GetValue(option) ?? [];

    /// <summary>As for an option: the values given for a list argument, none when there were none.</summary>
    public static string[] GetValues(this ParseResult result, Argument<string[]> argument)
        => result.GetResult(argument) is null ? [] : result.GetValue(argument) ?? [];
}
