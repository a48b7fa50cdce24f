using System.CommandLine;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context export CONTEXT [FILE|-]</c>: docker's tar (meta.json, tls/docker/*.pem), to CONTEXT.dockercontext by default.</summary>
internal static class ContextExportCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("CONTEXT");
        var file = new Argument<string?>("FILE") { Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("export", "Export a context to a tar archive FILE or a tar stream on STDOUT.") { name, file };
        cmd.SetAction(p => Run(cli, p.GetValue(name)!, p.GetValue(file)));
        return cmd;
    }

    internal static int Run(CliContext cli, string name, string? file)
    {
        if (file == "-")
        {
            using var stdout = cli.OpenStdout();
            cli.Contexts.Export(name, stdout);
            return 0;
        }
        var target = file ?? $"{name}.dockercontext";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // The archive carries the client key: only its owner may read it.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var output = new FileStream(target, options))
            cli.Contexts.Export(name, output);
        cli.Err.WriteLine($"Written file \"{target}\"");
        return 0;
    }
}
