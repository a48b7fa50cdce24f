using System.CommandLine;
using System.CommandLine.Help;
using Wharf.Daemon.Config;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Cli;

/// <summary>wharfd's main: parse flags, load daemon.json, run the daemon. Exit 0 when clean, 1 with one stderr line on start-up errors.</summary>
internal static class DaemonCli
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // The certificate tools are their own small program; the daemon's flags mean nothing to them.
        if (args is ["tls", ..]) return await TlsCli.RunAsync(args.Skip(1).ToList(), stdout, stderr, ct);
        var commandLine = new DaemonCommandLine();
        var parsed = commandLine.Parse(args);
        if (parsed.Action is HelpAction)
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
        if (parsed.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"wharfd: {OneLine(parsed.Errors[0].Message)} See 'wharfd --help'.");
            return 1;
        }
        if (commandLine.WantsVersion(parsed))
        {
            await stdout.WriteLineAsync(VersionInfo.Line);
            return 0;
        }

        DaemonConfiguration configuration;
        try
        {
            configuration = DaemonConfigResolver.Load(commandLine.ToFlags(parsed));
        }
        catch (DaemonStartupException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        return await DaemonHost.RunAsync(configuration, stderr, ct);
    }

    /// <summary>System.CommandLine lists allowed values on separate lines; a start-up error is one line.</summary>
    static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
