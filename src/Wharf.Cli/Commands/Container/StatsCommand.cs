using System.Collections.Concurrent;
using System.CommandLine;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary>
/// <c>wharf stats [-a] [--no-stream] [--no-trunc] [--format] [CONTAINER...]</c>: with --no-stream one sample per container, taken
/// concurrently; otherwise a live table redrawn every second (the screen cleared first on a terminal). Without names it shows
/// the running containers (all with -a), re-listed each second so that new ones appear and removed ones go.
/// </summary>
internal static class StatsCommand
{
    internal sealed record Options(string[] Containers, bool All, bool NoStream, bool NoTrunc, string? Format);

    public static Command Create(CliContext cli)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var noStream = new Option<bool>("--no-stream") { Description = "Disable streaming stats and only pull the first result" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not truncate output" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json', 'TEMPLATE'" };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("stats", "Display a live stream of container(s) resource usage statistics") { all, noStream, noTrunc, format, names };
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValues(names), p.GetValue(all), p.GetValue(noStream), p.GetValue(noTrunc), p.GetValue(format)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var formatter = Formatter.Create(string.IsNullOrEmpty(o.Format) || o.Format == "table" ? StatsRows.DefaultTable : o.Format, StatsRows.Titles);
        if (o.NoStream) return await OnceAsync(cli, o, formatter, ct);
        await LiveAsync(cli, o, formatter, ct);
        return 0;
    }

    static async Task<IReadOnlyList<string>> ContainersAsync(CliContext cli, Options o, CancellationToken ct)
        => o.Containers.Length > 0 ? o.Containers
            : [.. (await cli.Client.Containers.ListJsonAsync(o.All, ct: ct)).EnumerateArray().Select(c => Image.ImageRows.ShortId(c.StringField("Id")))];

    static async Task<int> OnceAsync(CliContext cli, Options o, Formatter formatter, CancellationToken ct)
    {
        var names = await ContainersAsync(cli, o, ct);
        var samples = await Task.WhenAll(names.Select(async name =>
        {
            try { return (Entry: StatsRows.Compute(name, await cli.Client.Containers.StatsAsync(name, ct)), Error: (string?)null); }
            catch (WharfApiException e) { return (Entry: StatsRows.Entry.Invalid(name), Error: $"Error response from daemon: {e.Message}"); }
        }));
        var errors = samples.Where(s => s.Error is not null).Select(s => s.Error!).ToList();
        if (errors.Count == 0)
        {
            formatter.Write(cli.Out, samples.Select(s => StatsRows.Row(s.Entry, !o.NoTrunc)));
            return 0;
        }
        // As docker: one unreadable container fails the whole command, and only the errors are printed.
        cli.Err.WriteLine(string.Join('\n', errors));
        return 1;
    }

    static async Task LiveAsync(CliContext cli, Options o, Formatter formatter, CancellationToken ct)
    {
        var latest = new ConcurrentDictionary<string, StatsRows.Entry>(StringComparer.Ordinal);
        var collectors = new Dictionary<string, (Task Task, CancellationTokenSource Stop)>(StringComparer.Ordinal);
        var order = new List<string>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), cli.Time);
        try
        {
            do
            {
                var names = await ContainersAsync(cli, o, ct);
                foreach (var gone in collectors.Keys.Except(names).ToList())
                {
                    await collectors[gone].Stop.CancelAsync();
                    collectors[gone].Stop.Dispose();
                    collectors.Remove(gone);
                    latest.TryRemove(gone, out _);
                    order.Remove(gone);
                }
                foreach (var name in names.Where(n => !collectors.ContainsKey(n)))
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    collectors[name] = (CollectAsync(cli, name, latest, stop.Token), stop);
                    order.Add(name);
                }
                var rows = order.Select(n => latest.TryGetValue(n, out var e) ? e : new StatsRows.Entry(n, "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, false))
                    .Select(e => StatsRows.Row(e, !o.NoTrunc)).ToList();
                if (cli.OutIsTerminal) cli.Out.Write("\u001b[2J\u001b[H");
                formatter.Write(cli.Out, rows);
                cli.Out.Flush();
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        finally
        {
            foreach (var (task, stop) in collectors.Values)
            {
                await stop.CancelAsync();
                try { await task; }
                catch (OperationCanceledException) { }
                stop.Dispose();
            }
        }
    }

    /// <summary>Keeps the container's latest sample; a failure marks it invalid ("--"), as docker shows a container it cannot read.</summary>
    static async Task CollectAsync(CliContext cli, string name, ConcurrentDictionary<string, StatsRows.Entry> latest, CancellationToken ct)
    {
        try
        {
            await foreach (var sample in cli.Client.Containers.StatsStreamAsync(name, ct))
                latest[name] = StatsRows.Compute(name, sample);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WharfApiException or HttpRequestException or IOException)
        {
            latest[name] = StatsRows.Entry.Invalid(name);
        }
    }
}
