using System.CommandLine;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf stop</c> and <c>wharf restart</c>: <c>-t</c> seconds of grace (the container's own default when absent), <c>-s</c> the stop signal.</summary>
internal static class StopCommand
{
    public static Command Create(CliContext cli, bool restart)
    {
        var signal = new Option<string?>("--signal", "-s") { Description = $"Signal to send to the container" };
        var timeout = new Option<int?>("--timeout", "-t") { Description = "Seconds to wait before killing the container" };
        var time = new Option<int?>("--time") { Description = "Seconds to wait before killing the container (deprecated: use --timeout)", Hidden = true };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command(restart ? "restart" : "stop", restart ? "Restart one or more containers" : "Stop one or more running containers")
            { signal, timeout, time, names };
        cmd.SetAction((p, ct) =>
        {
            if (p.GetResult(timeout) is { Implicit: false } && p.GetResult(time) is { Implicit: false })
                throw new CliException("conflicting options: cannot specify both --timeout and --time");
            var t = p.GetValue(timeout) ?? p.GetValue(time);
            var s = p.GetValue(signal);
            return EachContainer.RunAsync(cli, p.GetValue(names)!, restart
                ? name => cli.Client.Containers.RestartAsync(name, t, s, ct)
                : name => cli.Client.Containers.StopAsync(name, t, s, ct), ct);
        });
        return cmd;
    }
}
