using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// The docker CLI's pattern for verbs over several containers: act on each in turn, print each name as given on success,
/// collect the daemon's errors, print them on stderr (one per line) after the rest, and exit 1 if any failed.
/// </summary>
internal static class EachContainer
{
    public static async Task<int> RunAsync(CliContext cli, IEnumerable<string> names, Func<string, Task> action, CancellationToken ct,
        Func<WharfApiException, bool>? reportOnly = null)
    {
        var errors = new List<string>();
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await action(name);
                cli.Out.WriteLine(name);
            }
            catch (WharfApiException e) when (reportOnly?.Invoke(e) == true)
            {
                // rm -f of a missing container: said on stderr, not a failure.
                cli.Err.WriteLine($"Error response from daemon: {e.Message}");
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
