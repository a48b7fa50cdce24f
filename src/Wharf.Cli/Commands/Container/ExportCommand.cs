using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf export [-o FILE] CONTAINER</c>: the container's filesystem as a tar, to a file or to stdout (never to a terminal).</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to a file, instead of STDOUT" };
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("export", "Export a container's filesystem as a tar archive") { output, container };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, p.GetValue(output), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string container, string? output, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(output) && cli.OutIsTerminal)
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        if (!string.IsNullOrEmpty(output) && Path.GetDirectoryName(Path.GetFullPath(output)) is { } dir && !Directory.Exists(dir))
            throw new CliException($"failed to export container: invalid output path: directory \"{dir}\" does not exist");
        await using var tar = await cli.Client.Containers.ExportAsync(container, ct);
        if (string.IsNullOrEmpty(output))
        {
            await using var stdout = cli.OpenStdout();
            await tar.CopyToAsync(stdout, ct);
            return 0;
        }
        // Write next to the target and rename, so a failed export leaves no truncated archive behind.
        var temp = output + ".wharf-tmp";
        try
        {
            // 0600, as docker writes it: a filesystem export may hold secrets.
            var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var file = new FileStream(temp, create)) await tar.CopyToAsync(file, ct);
            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return 0;
    }
}
