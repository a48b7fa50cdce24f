using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Events;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.System;

/// <summary><c>wharf events</c> / <c>wharf system events</c>: streams the daemon's events until --until or Ctrl-C.</summary>
internal static class EventsCommand
{
    internal sealed record Options(string? Since, string? Until, string[] Filters, string? Format);

    public static Command Create(CliContext cli)
    {
        var since = new Option<string?>("--since") { Description = "Show all events created since timestamp" };
        var until = new Option<string?>("--until") { Description = "Stream events until this timestamp" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template: 'json' or a Go template" };
        var cmd = new Command("events", "Get real time events from the server") { since, until, filter, format };
        cmd.SetAction((p, ct) => RunAsync(cli, new(p.GetValue(since), p.GetValue(until), p.GetValues(filter), p.GetValue(format)), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, Options o, CancellationToken ct)
    {
        var now = cli.Now;
        DateTimeOffset? since = o.Since is { Length: > 0 } s ? TimeArguments.Parse(s, now) : null;
        DateTimeOffset? until = o.Until is { Length: > 0 } u ? TimeArguments.Parse(u, now) : null;
        var filters = Filters.Parse(o.Filters);
        var json = o.Format == "json";
        var template = o.Format is { Length: > 0 } f && !json ? GoTemplate.Parse(f) : null;
        // Ctrl-C ends a live stream by cancelling it: the command then exits 130, as the docker CLI's does.
        await foreach (var e in cli.Client.EventsAsync(since, until, filters, ct))
        {
            if (json) cli.Out.WriteLine(JsonSerializer.Serialize(e, WharfJson.Default.EventMessage));
            else if (template is not null) cli.Out.WriteLine(Render(template, e));
            else cli.Out.WriteLine(Pretty(e));
            cli.Out.Flush();
        }
        return 0;
    }

    /// <summary>docker's prettyPrintEvent: "2026-11-30T03:05:36.123456789Z image tag sha256:… (name=busybox:latest)".</summary>
    internal static string Pretty(EventMessage e)
    {
        var text = "";
        if (e.TimeNano != 0) text = RfcNanoFixed(e.TimeNano) + " ";
        else if (e.Time != 0) text = RfcNanoFixed(e.Time * 1_000_000_000) + " ";
        text += $"{e.Type} {e.Action} {e.Actor.ID}";
        if (e.Actor.Attributes.Count > 0)
            text += " (" + string.Join(", ", e.Actor.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + ")";
        return text;
    }

    /// <summary>jsonmessage.RFC3339NanoFixed in local time: always nine fractional digits.</summary>
    static string RfcNanoFixed(long unixNanos)
    {
        var t = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100).ToLocalTime();
        var nanos = (unixNanos % 1_000_000_000 + 1_000_000_000) % 1_000_000_000;
        var zone = t.Offset == TimeSpan.Zero ? "Z" : t.ToString("zzz", CultureInfo.InvariantCulture);
        return t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + zone;
    }

    static string Render(GoTemplate template, EventMessage e)
    {
        var text = new global::System.Text.StringBuilder();
        template.Execute(text, GoStruct(e));
        return text.ToString();
    }

    /// <summary>The event as the docker CLI's events.Message, whose field names templates use (.Type, .Actor.Attributes, .TimeNano…).</summary>
    static TemplateStruct GoStruct(EventMessage e) => new("*events.Message",
        new TemplateField("Status", e.Status ?? "", "status", omitEmpty: true),
        new TemplateField("ID", e.Id ?? "", "id", omitEmpty: true),
        new TemplateField("From", e.From ?? "", "from", omitEmpty: true),
        new TemplateField("Type", e.Type),
        new TemplateField("Action", e.Action),
        new TemplateField("Actor", new TemplateStruct("events.Actor",
            new TemplateField("ID", e.Actor.ID),
            new TemplateField("Attributes", TemplateMap.Of(e.Actor.Attributes)))),
        new TemplateField("Scope", e.Scope, "scope"),
        new TemplateField("Time", e.Time, "time"),
        new TemplateField("TimeNano", e.TimeNano, "timeNano"));
}
