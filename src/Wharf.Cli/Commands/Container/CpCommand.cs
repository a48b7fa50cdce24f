using System.CommandLine;
using System.IO.Pipelines;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// <c>wharf cp [-a] [-L] [-q] CONTAINER:SRC DEST|-</c> and <c>wharf cp [-a] [-L] SRC|- CONTAINER:DEST</c>, with the docker CLI's
/// copy rules: a path ending in "/." copies a directory's contents, an existing directory receives the source under its own
/// name, anything else is created or replaced under the destination's name; <c>-</c> is a tar on stdin or stdout.
/// </summary>
internal static class CpCommand
{
    internal sealed record Options(string Source, string Destination, bool Archive, bool FollowLink, bool Quiet);

    public static Command Create(CliContext cli)
    {
        var archive = new Option<bool>("--archive", "-a") { Description = "Archive mode (copy all uid/gid information)" };
        var follow = new Option<bool>("--follow-link", "-L") { Description = "Always follow symbol link in SRC_PATH" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached" };
        var source = new Argument<string>("SRC_PATH");
        var destination = new Argument<string>("DEST_PATH");
        var cmd = new Command("cp", "Copy files/folders between a container and the local filesystem") { archive, follow, quiet, source, destination };
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(source)!, p.GetValue(destination)!, p.GetValue(archive), p.GetValue(follow), p.GetValue(quiet)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var (srcContainer, srcPath) = Split(o.Source);
        var (dstContainer, dstPath) = Split(o.Destination);
        if (srcContainer is not null && dstContainer is not null) throw new CliException("copying between containers is not supported");
        if (srcContainer is null && dstContainer is null) throw new CliException("must specify at least one container source");
        if (srcContainer is not null)
        {
            if (srcPath.Length == 0) throw new CliException("filepath can not be empty");
            await FromContainerAsync(cli, srcContainer, srcPath, dstPath, o, ct);
        }
        else
        {
            if (dstPath.Length == 0) throw new CliException("filepath can not be empty");
            await ToContainerAsync(cli, srcPath, dstContainer!, dstPath, o, ct);
        }
        return 0;
    }

    /// <summary>splitCpArg: an absolute path or one whose part before ':' starts with '.' is local; else "container:path".</summary>
    internal static (string? Container, string Path) Split(string arg)
    {
        if (arg.StartsWith('/')) return (null, arg);
        var colon = arg.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || arg.StartsWith('.')) return (null, arg);
        return (arg[..colon], arg[(colon + 1)..]);
    }

    static async Task FromContainerAsync(CliContext cli, string container, string srcPath, string dstPath, Options o, CancellationToken ct)
    {
        if (o.FollowLink && await cli.Client.Containers.StatPathAsync(container, srcPath, ct) is { IsSymlink: true } link)
            srcPath = link.LinkTarget;
        var (stat, tar) = await cli.Client.Containers.GetArchiveAsync(container, srcPath, ct);
        await using var _ = tar;
        if (dstPath == "-")
        {
            await using var stdout = cli.OpenStdout();
            await tar.CopyToAsync(stdout, ct);
            return;
        }
        var contentsOnly = stat.IsDirectory && (srcPath.EndsWith("/.", StringComparison.Ordinal) || srcPath == ".");
        var dstIsDir = Directory.Exists(dstPath);
        var dstExists = dstIsDir || File.Exists(dstPath) || new FileInfo(dstPath).LinkTarget is not null;
        string directory, target;
        if (dstIsDir)
        {
            (directory, target) = (dstPath, contentsOnly ? "" : stat.Name);
        }
        else if (dstExists)
        {
            if (stat.IsDirectory) throw new CliException("cannot copy directory");
            (directory, target) = (ParentOf(dstPath), Path.GetFileName(dstPath));
        }
        else
        {
            if (EndsWithSeparator(dstPath) && !stat.IsDirectory) throw new CliException($"destination directory \"{dstPath}\" does not exist");
            directory = ParentOf(dstPath.TrimEnd('/'));
            if (!Directory.Exists(directory)) throw new CliException($"lstat {directory}: no such file or directory");
            target = Path.GetFileName(dstPath.TrimEnd('/'));
        }
        var counted = new CountingStream(tar, _ => { });
        await LocalArchive.ExtractAsync(counted, directory, stat.Name, target, ct);
        Report(cli, o, counted.Position, dstPath);
    }

    static async Task ToContainerAsync(CliContext cli, string srcPath, string container, string dstPath, Options o, CancellationToken ct)
    {
        var dst = await cli.Client.Containers.StatPathAsync(container, dstPath, ct);
        if (srcPath == "-")
        {
            if (dst is not { IsDirectory: true }) throw new CliException($"destination \"{container}:{dstPath}\" must be a directory");
            await using var stdin = cli.OpenStdin();
            await cli.Client.Containers.PutArchiveAsync(container, dstPath, stdin, o.Archive, ct);
            return;
        }
        var source = srcPath;
        if (o.FollowLink && new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true) is { } resolved) source = resolved.FullName;
        var srcInfo = new FileInfo(source);
        var srcIsDir = Directory.Exists(source) && (srcInfo.LinkTarget is null || o.FollowLink);
        if (!srcInfo.Exists && !Directory.Exists(source) && srcInfo.LinkTarget is null)
            throw new CliException($"lstat {Path.GetFullPath(source)}: no such file or directory");
        var contentsOnly = srcIsDir && (srcPath.EndsWith("/.", StringComparison.Ordinal) || srcPath == ".");
        var baseName = Path.GetFileName(Path.GetFullPath(source).TrimEnd('/'));
        string directory, top;
        if (dst is { IsDirectory: true })
        {
            (directory, top) = (dstPath, contentsOnly ? "" : baseName);
        }
        else if (dst is not null)
        {
            if (srcIsDir) throw new CliException("cannot copy directory");
            (directory, top) = (ParentOf(dstPath), Path.GetFileName(dstPath));
        }
        else
        {
            if (EndsWithSeparator(dstPath) && !srcIsDir) throw new CliException($"destination directory \"{container}:{dstPath}\" does not exist");
            (directory, top) = (ParentOf(dstPath.TrimEnd('/')), Path.GetFileName(dstPath.TrimEnd('/')));
        }
        // The tar is produced while it is sent, so a large directory is never held in memory.
        var pipe = new Pipe();
        var writer = Task.Run(async () =>
        {
            try
            {
                await using var output = pipe.Writer.AsStream();
                await LocalArchive.WriteAsync(output, contentsOnly ? Path.GetFullPath(source) : source, top, ct);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                throw;
            }
        }, ct);
        long sent = 0;
        await using (var input = new CountingStream(pipe.Reader.AsStream(), n => sent = n))
        {
            try { await cli.Client.Containers.PutArchiveAsync(container, directory, input, o.Archive, ct); }
            finally { await pipe.Reader.CompleteAsync(); }
        }
        await writer;
        Report(cli, o, sent, $"{container}:{dstPath}");
    }

    /// <summary>Docker reports the amount copied only when stderr is a terminal and -q is not given.</summary>
    static void Report(CliContext cli, Options o, long bytes, string destination)
    {
        if (o.Quiet || !cli.ErrIsTerminal) return;
        cli.Err.WriteLine($"Successfully copied {Humanize.SizeWithPrecision(bytes, 3)} to {destination}");
    }

    static string ParentOf(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path[..slash];
    }

    static bool EndsWithSeparator(string path) => path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal);
}
