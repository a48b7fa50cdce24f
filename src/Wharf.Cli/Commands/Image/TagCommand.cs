using System.CommandLine;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf tag SOURCE TARGET</c>.</summary>
internal static class TagCommand
{
    public static Command Create(CliContext cli)
    {
        var source = new Argument<string>("SOURCE_IMAGE[:TAG]");
        var target = new Argument<string>("TARGET_IMAGE[:TAG]");
        var cmd = new Command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE") { source, target };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(source)!, p.GetValue(target)!, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string source, string target, CancellationToken ct)
    {
        var (repo, tag) = SplitReference(target);
        await cli.Client.Images.TagAsync(source, repo, tag, ct);
        return 0;
    }

    /// <summary>Splits NAME[:TAG] at the last colon after the last slash (a registry's port is not a tag).</summary>
    internal static (string Repo, string? Tag) SplitReference(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, null);
    }
}
