using System.CommandLine;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf save [-o FILE] IMAGE...</c>: the docker-archive tar to a file or to stdout (never to a terminal).</summary>
internal static class SaveCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file, instead of STDOUT" };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("save", "Save one or more images to a tar archive (streamed to STDOUT by default)") { output, images };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(images)!, p.GetValue(output), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] images, string? output, CancellationToken ct)
    {
        if (output is null && cli.OutIsTerminal)
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        if (output is not null && Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir && !Directory.Exists(dir))
            throw new CliException($"failed to save image: invalid output path: directory \"{dir}\" does not exist");

        await using var archive = await cli.Client.Images.SaveAsync(images, ct);
        // Progress goes to stderr: stdout may be the archive itself.
        var progress = new ProgressPrinter(cli.Err, "Saving", null, cli.OutIsTerminal);
        if (output is null)
        {
            await using var stdout = cli.OpenStdout();
            await using var counted = new CountingStream(archive, progress.Report);
            await counted.CopyToAsync(stdout, ct);
        }
        else
        {
            // Write next to the target and rename, so a failed save leaves no truncated archive behind (as docker does).
            var temp = output + ".wharf-tmp";
            try
            {
                await using (var file = File.Create(temp))
                await using (var counted = new CountingStream(archive, progress.Report))
                    await counted.CopyToAsync(file, ct);
                File.Move(temp, output, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        progress.Done();
        return 0;
    }
}
