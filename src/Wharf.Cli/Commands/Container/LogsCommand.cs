using System.CommandLine;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// <c>wharf logs [-f] [--tail N] [-t] [--since] [--until] [--details]</c>: inspects first (as docker does) to learn whether the
/// container has a TTY; without one the stream is demultiplexed, stdout to stdout and stderr to stderr.
/// </summary>
internal static class LogsCommand
{
    internal sealed record Options(string Container, bool Follow, string Tail, bool Timestamps, bool Details, string? Since, string? Until);

    public static Command Create(CliContext cli)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var tail = new Option<string>("--tail", "-n") { Description = "Number of lines to show from the end of the logs", DefaultValueFactory = _ => "all" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var details = new Option<bool>("--details") { Description = "Show extra details provided to logs" };
        var since = new Option<string?>("--since") { Description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)" };
        var until = new Option<string?>("--until") { Description = "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)" };
        var container = new Argument<string>("CONTAINER");
        var cmd = new Command("logs", "Fetch the logs of a container") { follow, tail, timestamps, details, since, until, container };
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(container)!, p.GetValue(follow), p.GetValue(tail) ?? "all", p.GetValue(timestamps),
            p.GetValue(details), p.GetValue(since), p.GetValue(until)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        DateTimeOffset? since = o.Since is { Length: > 0 } s ? TimeArguments.Parse(s, cli.Now) : null;
        DateTimeOffset? until = o.Until is { Length: > 0 } u ? TimeArguments.Parse(u, cli.Now) : null;
        // Only Id and Config.Tty matter here; the raw JSON keeps this working against daemons whose inspect differs in other fields.
        var inspect = await cli.Client.GetRawJsonAsync(ContainerInspectCommand.Path(o.Container, size: false), ct);
        var id = inspect?["Id"].AsString() ?? o.Container;
        var tty = inspect?["Config"]?["Tty"].AsBool() ?? false;
        await using var logs = await cli.Client.Containers.LogsAsync(id, follow: o.Follow, timestamps: o.Timestamps, details: o.Details,
            tail: o.Tail, since: since, until: until, ct: ct);
        await using var stdout = new TextWriterStream(cli.Out);
        await using var stderr = new TextWriterStream(cli.Err);
        if (tty) await logs.CopyToAsync(stdout, ct);
        else await Multiplexed.CopyAsync(logs, stdout, stderr, ct);
        stdout.Flush();
        return 0;
    }
}
