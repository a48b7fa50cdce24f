using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// <c>run</c>, <c>create</c> and <c>exec</c> stop reading flags at their first argument (the image or container): what
/// follows is the container's command line (<c>sh -c 'echo hi'</c>, <c>ls -l</c>). System.CommandLine has no such mode,
/// so before parsing a "--" is put in front of that argument; the flag table of the command tree tells which flags take
/// a value, so no list is repeated here.
/// </summary>
internal static class CommandLineSplit
{
    static readonly ConditionalWeakTable<Command, object> Splitting = [];

    /// <summary>Marks <paramref name="command"/> as one whose options end at its first argument.</summary>
    public static T StopsAtFirstArgument<T>(T command) where T : Command
    {
        Splitting.AddOrUpdate(command, Splitting);
        return command;
    }

    /// <summary><paramref name="args"/> with "--" before the first argument of a splitting command (unchanged otherwise).</summary>
    public static string[] Normalize(Command root, string[] args)
    {
        var command = root;
        var inherited = new List<Option>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--") return args;
            if (arg.Length > 1 && arg[0] == '-')
            {
                if (TakesNextToken(arg, command.Options.Concat(inherited))) i++;
                continue;
            }
            if (Splitting.TryGetValue(command, out _)) return [.. args[..i], "--", .. args[i..]];
            var sub = command.Subcommands.FirstOrDefault(s => s.Name == arg || s.Aliases.Contains(arg));
            if (sub is null) return args;
            inherited.AddRange(command.Options.Where(o => o.Recursive));
            command = sub;
        }
        return args;
    }

    /// <summary>Whether the flag <paramref name="arg"/> takes the next token as its value ("-e A=b", not "-it", "--rm", "--name=x", "-p80").</summary>
    static bool TakesNextToken(string arg, IEnumerable<Option> options)
    {
        if (arg.Contains('=', StringComparison.Ordinal) && arg.StartsWith("--", StringComparison.Ordinal)) return false;
        var known = options.ToList();
        var exact = known.FirstOrDefault(o => o.Name == arg || o.Aliases.Contains(arg));
        if (exact is not null) return !IsFlag(exact);
        // "-it" bundles flags; "-p8080:80" carries its value: neither takes the next token.
        return false;
    }

    static bool IsFlag(Option option) => option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0;
}
