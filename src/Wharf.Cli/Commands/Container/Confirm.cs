namespace Wharf.Cli.Commands.Container;

/// <summary>The docker CLI's confirmation prompt: the question on stdout, "y" or "yes" (any case) goes ahead.</summary>
internal static class Confirm
{
    public static async Task<bool> AskAsync(CliContext cli, string question, CancellationToken ct)
    {
        cli.Out.Write(question);
        cli.Out.Flush();
        var answer = (await cli.In.ReadLineAsync(ct))?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
