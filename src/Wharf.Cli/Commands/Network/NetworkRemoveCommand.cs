using System.CommandLine;
using Wharf.Client;

namespace Wharf.Cli.Commands.Network;

/// <summary>
/// <c>wharf network rm [-f] NETWORK...</c>, as docker 28 does it: each network looked up, then removed; its name printed
/// on success, the daemon's error on stderr at once, and "exit status 1" last if any failed. <c>-f</c> passes over
/// networks that do not exist.
/// </summary>
internal static class NetworkRemoveCommand
{
    public static Command Create(CliContext cli)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not error if the network does not exist" };
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("rm", "Remove one or more networks") { force, names };
        cmd.Aliases.Add("remove");
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(force), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, bool force, CancellationToken ct)
    {
        var failed = false;
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                // docker inspects first, to ask before removing a swarm ingress network; wharf has none, but the
                // request sequence (and a daemon's answer to it) stays the same.
                try { await cli.Client.Networks.InspectAsync(name, ct); }
                catch (WharfApiException) { }
                await cli.Client.Networks.RemoveAsync(name, ct);
                cli.Out.WriteLine(name);
            }
            catch (WharfApiException e) when (force && e.StatusCode == 404)
            {
            }
            catch (WharfApiException e)
            {
                cli.Err.WriteLine($"Error response from daemon: {e.Message}");
                failed = true;
            }
        }
        if (!failed) return 0;
        cli.Err.WriteLine("exit status 1");
        return 1;
    }
}
