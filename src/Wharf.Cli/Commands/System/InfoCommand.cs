using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// <c>wharf info</c> / <c>wharf system info</c>: the docker CLI's layout for the fields a Wharf daemon reports (the swarm,
/// plugin and registry-mirror sections it cannot have are left out). <c>--format</c> renders over <c>{"ClientInfo":…, …/info}</c>.
/// </summary>
internal static class InfoCommand
{
    public static Command Create(CliContext cli, string name)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json' or a Go template" };
        var cmd = new Command(name, "Display system-wide information") { format };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string? format, CancellationToken ct)
    {
        GoTemplate? template = format is null or "" ? null : GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
        var context = cli.Connection.ContextName;
        var clientInfo = new JsonObject { ["Debug"] = false, ["Context"] = context, ["Plugins"] = new JsonArray(), ["Warnings"] = null };
        if (template is not null)
        {
            var doc = await cli.Client.GetRawJsonAsync("/info", ct) as JsonObject ?? [];
            doc["ClientInfo"] = clientInfo;
            cli.Out.WriteLine(template.Execute(doc));
            return 0;
        }
        var text = new StringBuilder();
        text.Append("Client:\n");
        text.Append($" Version:    {VersionInfo.ClientVersion}\n");
        text.Append($" Context:    {context}\n");
        text.Append(" Debug Mode: false\n");
        text.Append('\n');
        text.Append("Server:\n");
        JsonNode? info;
        try
        {
            info = await cli.Client.GetRawJsonAsync("/info", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            cli.Out.Write(text.ToString());
            throw;
        }
        string S(string key) => TemplateValues.Print(TemplateValues.FromNode(info?[key]));
        text.Append($" Containers: {S("Containers")}\n");
        text.Append($"  Running: {S("ContainersRunning")}\n");
        text.Append($"  Paused: {S("ContainersPaused")}\n");
        text.Append($"  Stopped: {S("ContainersStopped")}\n");
        text.Append($" Images: {S("Images")}\n");
        text.Append($" Server Version: {S("ServerVersion")}\n");
        text.Append($" Storage Driver: {S("Driver")}\n");
        foreach (var pair in info?["DriverStatus"]?.AsArray() ?? [])
            if (pair is JsonArray { Count: 2 } kv) text.Append($"  {kv[0]}: {kv[1]}\n");
        text.Append($" Logging Driver: {S("LoggingDriver")}\n");
        text.Append($" Cgroup Driver: {S("CgroupDriver")}\n");
        text.Append($" Cgroup Version: {S("CgroupVersion")}\n");
        if (info?["Runtimes"] is JsonObject runtimes)
            text.Append($" Runtimes: {string.Join(' ', runtimes.Select(r => r.Key).Order(StringComparer.Ordinal))}\n");
        text.Append($" Default Runtime: {S("DefaultRuntime")}\n");
        text.Append($" Init Binary: {S("InitBinary")}\n");
        text.Append($" runc version: {TemplateValues.Print(TemplateValues.FromNode(info?["RuncCommit"]?["ID"]))}\n");
        if (info?["SecurityOptions"] is JsonArray { Count: > 0 } security)
        {
            text.Append(" Security Options:\n");
            foreach (var option in security)
            {
                // "name=seccomp,profile=builtin" prints as "  seccomp" then "   Profile: builtin", as docker does.
                var parts = (option.AsString() ?? "").Split(',');
                foreach (var part in parts)
                {
                    var eq = part.IndexOf('=', StringComparison.Ordinal);
                    var (k, v) = eq < 0 ? ("", part) : (part[..eq], part[(eq + 1)..]);
                    if (k == "name") text.Append($"  {v}\n");
                    else if (k.Length > 0) text.Append($"   {char.ToUpperInvariant(k[0])}{k[1..]}: {v}\n");
                }
            }
        }
        text.Append($" Kernel Version: {S("KernelVersion")}\n");
        text.Append($" Operating System: {S("OperatingSystem")}\n");
        text.Append($" OSType: {S("OSType")}\n");
        text.Append($" Architecture: {S("Architecture")}\n");
        text.Append($" CPUs: {S("NCPU")}\n");
        var memory = info?["MemTotal"].AsInt64() ?? 0;
        text.Append($" Total Memory: {Humanize.BytesSize(memory)}\n");
        text.Append($" Name: {S("Name")}\n");
        text.Append($" ID: {S("ID")}\n");
        text.Append($" Docker Root Dir: {S("DockerRootDir")}\n");
        text.Append($" Debug Mode: {S("Debug")}\n");
        text.Append($" Experimental: {S("ExperimentalBuild")}\n");
        text.Append($" Live Restore Enabled: {S("LiveRestoreEnabled")}\n");
        cli.Out.Write(text.ToString());
        if (info?["Warnings"] is JsonArray { Count: > 0 } warnings)
            foreach (var w in warnings) cli.Err.WriteLine(w.AsString());
        return 0;
    }
}
