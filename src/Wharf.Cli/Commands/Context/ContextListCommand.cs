using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Hosts;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context ls [-q] [--format]</c>: the default context first, the current one starred.</summary>
internal static class ContextListCommand
{
    const string DefaultTable = "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}";

    static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = "NAME", ["Current"] = "", ["Description"] = "DESCRIPTION", ["DockerEndpoint"] = "DOCKER ENDPOINT", ["Error"] = "ERROR",
    };

    public static Command Create(CliContext cli)
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only show context names" };
        var format = new Option<string?>("--format") { Description = "Format output using a custom template" };
        var cmd = new Command("ls", "List contexts") { quiet, format };
        cmd.Aliases.Add("list");
        cmd.SetAction(p => Run(cli, p.GetValue(quiet), p.GetValue(format)));
        return cmd;
    }

    internal static int Run(CliContext cli, bool quiet, string? format)
    {
        var current = cli.Flags.Context ?? CurrentName(cli);
        var formatter = Formatter.Create(quiet ? "{{.Name}}" : format is null or "" or "table" ? DefaultTable : format, Titles);
        var rows = new List<TemplateStruct>();
        var defaultHost = cli.Env("WHARF_HOST") is { Length: > 0 } wh ? wh : cli.Env("DOCKER_HOST") is { Length: > 0 } dh ? dh : DaemonHost.Default.ToString();
        rows.Add(Row(ContextStore.DefaultName, "Current WHARF_HOST based configuration", defaultHost, current == ContextStore.DefaultName, ""));
        foreach (var entry in cli.Contexts.List())
            rows.Add(Row(entry.Name, entry.Description, entry.Host, entry.Name == current, ""));
        formatter.Write(cli.Out, rows);
        if (current != ContextStore.DefaultName && (cli.Env("WHARF_HOST") is { Length: > 0 } || cli.Env("DOCKER_HOST") is { Length: > 0 }))
            cli.Err.WriteLine("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.");
        return 0;
    }

    static string CurrentName(CliContext cli)
        => cli.Env("WHARF_CONTEXT") is { Length: > 0 } w ? w : cli.Env("DOCKER_CONTEXT") is { Length: > 0 } d ? d : cli.Contexts.CurrentContext();

    /// <summary>A row of formatter.ClientContext: fields in key order, as docker marshals the context as a map.</summary>
    static TemplateStruct Row(string name, string description, string endpoint, bool current, string error) => new("*formatter.ClientContext",
        new TemplateField("Current", current),
        new TemplateField("Description", description),
        new TemplateField("DockerEndpoint", endpoint),
        new TemplateField("Error", error),
        new TemplateField("Name", name));
}
