using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf diff</c>: one line per changed path, "A" added, "C" changed, "D" deleted.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext cli)
    {
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("diff", "Inspect changes to files or directories on a container's filesystem") { container };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string container, CancellationToken ct)
    {
        var changes = await cli.Client.Containers.ChangesAsync(container, ct);
        var text = new global::System.Text.StringBuilder();
        foreach (var change in changes)
        {
            var kind = change.Kind switch { 0 => "C", 1 => "A", 2 => "D", _ => "" };
            text.Append(kind).Append(' ').Append(change.Path).Append('\n');
        }
        cli.Out.Write(text.ToString());
        return 0;
    }
}
