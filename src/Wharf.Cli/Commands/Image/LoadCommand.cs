using System.CommandLine;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf load [-i FILE] [-q]</c>: sends a docker-archive or OCI tar and prints what the daemon loaded.</summary>
internal static class LoadCommand
{
    public static Command Create(CliContext cli)
    {
        var input = new Option<string?>("--input", "-i") { Description = "Read from tar archive file, instead of STDIN" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress the load output" };
        var cmd = new Command("load", "Load an image from a tar archive or STDIN") { input, quiet };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(input), p.GetValue(quiet), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string? input, bool quiet, CancellationToken ct)
    {
        if (input is null && cli.InIsTerminal)
            throw new CliException("requested load from stdin, but stdin is empty");
        Stream source;
        long? total = null;
        if (input is null) source = cli.OpenStdin();
        else
        {
            try { source = File.OpenRead(input); }
            catch (FileNotFoundException) { throw new CliException($"open {input}: no such file or directory"); }
            catch (DirectoryNotFoundException) { throw new CliException($"open {input}: no such file or directory"); }
            total = source.Length;
        }
        // The docker CLI asks for quiet output when stdout is not a terminal; the daemon then sends only "Loaded image" lines.
        var daemonQuiet = quiet || !cli.OutIsTerminal;
        var progress = quiet ? null : new ProgressPrinter(cli.OutIsTerminal ? cli.Out : cli.Err, "Loading", total, cli.OutIsTerminal);
        var body = progress is null ? source : new CountingStream(source, progress.Report);
        var finished = false;
        await foreach (var message in cli.Client.Images.LoadAsync(body, daemonQuiet, ct))
        {
            if (!finished && progress is not null)
            {
                // The daemon answers once it has the whole archive: the upload is over.
                progress.Done();
                finished = true;
            }
            if (message.Stream is { } text) cli.Out.Write(text);
            else if (message.Status is { } status && !daemonQuiet)
                cli.Out.WriteLine(message.Id is null ? status : $"{message.Id}: {status} {message.Progress}".TrimEnd());
        }
        if (!finished) progress?.Done();
        return 0;
    }
}
