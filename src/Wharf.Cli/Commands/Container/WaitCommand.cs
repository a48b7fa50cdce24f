using System.CommandLine;
using System.Globalization;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf wait</c>: blocks until each container stops and prints its exit code; failures are listed after the rest.</summary>
internal static class WaitCommand
{
    public static Command Create(CliContext cli)
    {
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("wait", "Block until one or more containers stop, then print their exit codes") { names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var name in names)
        {
            try
            {
                // As docker: the status code is printed even when the daemon adds an error to it.
                var result = await cli.Client.Containers.WaitAsync(name, ct: ct);
                cli.Out.WriteLine(result.StatusCode.ToString(CultureInfo.InvariantCulture));
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
