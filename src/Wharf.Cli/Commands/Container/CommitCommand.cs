using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf commit [-a] [-m] [-c]... [-p=false] CONTAINER [REPOSITORY[:TAG]]</c>: prints the new image's id.</summary>
internal static class CommitCommand
{
    public static Command Create(CliContext cli)
    {
        var author = new Option<string?>("--author", "-a") { Description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")" };
        var change = new Option<string[]>("--change", "-c") { Description = "Apply Dockerfile instruction to the created image" };
        var message = new Option<string?>("--message", "-m") { Description = "Commit message" };
        var pause = new Option<bool>("--pause", "-p") { Description = "Pause container during commit", DefaultValueFactory = _ => true };
        var container = new Argument<string>("CONTAINER");
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("commit", "Create a new image from a container's changes") { author, change, message, pause, container, reference };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(container)!, p.GetValue(reference), p.GetValue(author), p.GetValue(message),
            p.GetValues(change), p.GetValue(pause), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string container, string? reference, string? author, string? message,
        string[] changes, bool pause, CancellationToken ct)
    {
        string? repo = null, tag = null;
        if (!string.IsNullOrEmpty(reference))
        {
            if (reference.Contains('@', StringComparison.Ordinal)) throw new CliException("refusing to create a tag with a digest reference");
            (repo, tag) = Normalize(reference);
        }
        var id = await cli.Client.Containers.CommitAsync(container, repo, tag, message, author, pause, changes, ct);
        cli.Out.WriteLine(id);
        return 0;
    }

    /// <summary>reference.ParseNormalizedNamed + TagNameOnly, as the Go client sends them: "docker.io/library/repo" and "latest".</summary>
    internal static (string Repo, string Tag) Normalize(string reference)
    {
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        var (name, tag) = colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
        if (name != name.ToLowerInvariant())
            throw new CliException($"invalid reference format: repository name ({name}) must be lowercase");
        var first = name.Split('/')[0];
        var hasDomain = name.Contains('/', StringComparison.Ordinal) && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
        if (!hasDomain) name = name.Contains('/', StringComparison.Ordinal) ? "docker.io/" + name : "docker.io/library/" + name;
        return (name, tag);
    }
}
