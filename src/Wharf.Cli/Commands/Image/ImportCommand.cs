using System.CommandLine;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf import FILE|- [REPOSITORY[:TAG]] [-c CHANGE] [-m MESSAGE]</c>: a rootfs tarball becomes a one-layer image; prints its id.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext cli)
    {
        var change = new Option<string[]>("--change", "-c") { Description = "Apply Dockerfile instruction to the created image" };
        var message = new Option<string?>("--message", "-m") { Description = "Set commit message for imported image" };
        var file = new Argument<string>("file|URL|-");
        // docker's import checks only for at least one argument and ignores any after the reference.
        var reference = new Argument<string[]>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrMore, HelpName = "[REPOSITORY[:TAG]]" };
        var cmd = new Command("import", "Import the contents from a tarball to create a filesystem image") { change, message, file, reference };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(file)!, p.GetValue(reference)?.FirstOrDefault(), p.GetValues(change), p.GetValue(message), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string file, string? reference, string[] changes, string? message, CancellationToken ct)
    {
        if (file.Contains("://", StringComparison.Ordinal))
            throw new CliException("importing from a URL is not supported by wharf yet; download the tarball and import the file");
        Stream source;
        if (file == "-") source = cli.OpenStdin();
        else
        {
            try { source = File.OpenRead(file); }
            catch (FileNotFoundException) { throw new CliException($"open {file}: no such file or directory"); }
            catch (DirectoryNotFoundException) { throw new CliException($"open {file}: no such file or directory"); }
        }
        var (repo, tag) = reference is null ? (null, null) : TagCommand.SplitReference(reference);
        var id = await cli.Client.Images.ImportAsync(source, repo, tag, changes, message, ct);
        cli.Out.WriteLine(id);
        return 0;
    }
}
