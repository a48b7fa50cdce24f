using System.CommandLine;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context import CONTEXT FILE|-</c>: a context from docker's export tar, under a name of our choosing.</summary>
internal static class ContextImportCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("CONTEXT");
        var file = new Argument<string>("FILE");
        var cmd = new Command("import", "Import a context from a tar or zip file") { name, file };
        cmd.SetAction(p => Run(cli, p.GetValue(name)!, p.GetValue(file)!));
        return cmd;
    }

    internal static int Run(CliContext cli, string name, string file)
    {
        if (file == "-")
        {
            cli.Contexts.Import(name, cli.OpenStdin());
        }
        else
        {
            if (!File.Exists(file)) throw new CliException($"open {file}: no such file or directory");
            using var input = File.OpenRead(file);
            cli.Contexts.Import(name, input);
        }
        cli.Out.WriteLine(name);
        cli.Err.WriteLine($"Successfully imported context \"{name}\"");
        return 0;
    }
}
