using System.CommandLine;
using System.Text;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf completion bash|zsh|fish</c>: a completion script for commands and flags, generated from the command tree.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext cli, Command root)
    {
        var shell = new Argument<string>("SHELL");
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var cmd = new Command("completion", "Generate the autocompletion script for the specified shell") { shell };
        cmd.SetAction(p =>
        {
            cli.Out.Write(Generate(p.GetValue(shell)!, root));
            return 0;
        });
        return cmd;
    }

    internal static string Generate(string shell, Command root)
    {
        var paths = new List<(string Path, Command Command)>();
        Walk(root, "", paths);
        return shell switch
        {
            "bash" => Bash(paths),
            "zsh" => "#compdef wharf\nautoload -U +X bashcompinit && bashcompinit\n" + Bash(paths),
            "fish" => Fish(paths),
            _ => throw new CliException($"unsupported shell \"{shell}\""),
        };
    }

    static void Walk(Command command, string path, List<(string, Command)> paths)
    {
        paths.Add((path, command));
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            Walk(sub, path.Length == 0 ? sub.Name : path + " " + sub.Name, paths);
    }

    static IEnumerable<string> Words(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).SelectMany(o => o.Aliases.Prepend(o.Name))))
            .Distinct(StringComparer.Ordinal);

    static string Bash(List<(string Path, Command Command)> paths)
    {
        var sb = new StringBuilder();
        sb.Append("# bash completion for wharf\n_wharf() {\n  local cur path word i\n  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n  path=\"\"\n");
        sb.Append("  for ((i=1; i<COMP_CWORD; i++)); do\n    word=\"${COMP_WORDS[i]}\"\n    [[ $word == -* ]] && continue\n");
        sb.Append("    case \"${path:+$path }$word\" in\n");
        foreach (var (path, _) in paths.Where(p => p.Path.Length > 0))
            sb.Append($"      \"{path}\") path=\"{path}\" ;;\n");
        sb.Append("    esac\n  done\n  case \"$path\" in\n");
        foreach (var (path, command) in paths)
            sb.Append($"    \"{path}\") COMPREPLY=($(compgen -W \"{string.Join(' ', Words(command))}\" -- \"$cur\")) ;;\n");
        sb.Append("  esac\n}\ncomplete -o default -F _wharf wharf\n");
        return sb.ToString();
    }

    static string Fish(List<(string Path, Command Command)> paths)
    {
        var sb = new StringBuilder("# fish completion for wharf\n");
        foreach (var (path, command) in paths)
        {
            var condition = path.Length == 0 ? "__fish_use_subcommand" : $"__fish_seen_subcommand_from {path.Split(' ')[^1]}";
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
                sb.Append($"complete -c wharf -n '{condition}' -f -a {sub.Name} -d '{(sub.Description ?? "").Replace("'", "\\'", StringComparison.Ordinal)}'\n");
            foreach (var option in command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal)))
                sb.Append($"complete -c wharf -n '{condition}' -l {option.Name[2..]} -d '{(option.Description ?? "").Replace("'", "\\'", StringComparison.Ordinal)}'\n");
        }
        return sb.ToString();
    }
}
