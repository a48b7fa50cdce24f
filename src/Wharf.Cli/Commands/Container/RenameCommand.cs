using System.CommandLine;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf rename OLD NEW</c>: on failure the daemon's error, then docker's "failed to rename" line.</summary>
internal static class RenameCommand
{
    public static Command Create(CliContext cli)
    {
        var oldName = new Argument<string>("CONTAINER");
        var newName = new Argument<string>("NEW_NAME");
        var cmd = new Command("rename", "Rename a container") { oldName, newName };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(oldName)!, p.GetValue(newName)!, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string oldName, string newName, CancellationToken ct)
    {
        oldName = oldName.Trim();
        newName = newName.Trim();
        if (oldName.Length == 0 || newName.Length == 0) throw new CliException("Error: Neither old nor new names may be empty");
        try
        {
            await cli.Client.Containers.RenameAsync(oldName, newName, ct);
            return 0;
        }
        catch (WharfApiException e)
        {
            cli.Err.WriteLine($"Error response from daemon: {e.Message}");
            throw new CliException($"Error: failed to rename container named {oldName}");
        }
    }
}
