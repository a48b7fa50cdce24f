using System.CommandLine;
using Wharf.Client;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf rmi</c> / <c>wharf image rm</c>: removes each image, prints what was untagged and deleted, then every failure.</summary>
internal static class RemoveCommand
{
    public static Command Create(CliContext cli, string name, params string[] aliases)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the image" };
        var noPrune = new Option<bool>("--no-prune") { Description = "Do not delete untagged parents" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command(name, "Remove one or more images") { force, noPrune, images };
        foreach (var alias in aliases) cmd.Aliases.Add(alias);
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(images)!, p.GetValue(force), p.GetValue(noPrune), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] images, bool force, bool noPrune, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var image in images)
        {
            try
            {
                foreach (var item in await cli.Client.Images.DeleteAsync(image, force, noPrune, ct))
                {
                    if (item.Untagged is not null) cli.Out.WriteLine($"Untagged: {item.Untagged}");
                    if (item.Deleted is not null) cli.Out.WriteLine($"Deleted: {item.Deleted}");
                }
            }
            catch (WharfApiException e)
            {
                errors.Add($"Error response from daemon: {e.Message}");
            }
        }
        if (errors.Count == 0) return 0;
        cli.Err.WriteLine(string.Join('\n', errors));
        return 1;
    }
}
