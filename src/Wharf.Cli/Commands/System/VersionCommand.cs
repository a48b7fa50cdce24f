using System.CommandLine;
using System.Text;
using System.Text.Json;
using Wharf.Api;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// <c>wharf version</c>: the Client and Server sections rendered by the docker CLI's own template through our template
/// engine, over the docker CLI's types (<see cref="VersionInfo"/>). With the daemon down it prints the client part, then the reason.
/// </summary>
internal static class VersionCommand
{
    // docker/cli's defaultVersionTemplate; ranging over a map sorts its keys, as its getDetailsOrder does.
    const string DefaultTemplate = """
        {{with .Client -}}
        Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
         Version:	{{.Version}}
         API version:	{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
         Go version:	{{.GoVersion}}
         Git commit:	{{.GitCommit}}
         Built:	{{.BuildTime}}
         OS/Arch:	{{.Os}}/{{.Arch}}
         Context:	{{.Context}}
        {{- end}}

        {{- if ne .Server nil}}{{with .Server}}

        Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
         {{- range $component := .Components}}
         {{$component.Name}}:
          {{- if eq $component.Name "Engine" }}
          Version:	{{.Version}}
          API version:	{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
          Go version:	{{index .Details "GoVersion"}}
          Git commit:	{{index .Details "GitCommit"}}
          Built:	{{index .Details "BuildTime"}}
          OS/Arch:	{{index .Details "Os"}}/{{index .Details "Arch"}}
          Experimental:	{{index .Details "Experimental"}}
          {{- else }}
          Version:	{{$component.Version}}
          {{- range $key, $value := $component.Details}}
          {{$key}}:	{{$value}}
           {{- end}}
          {{- end}}
         {{- end}}
         {{- end}}{{- end}}
        """;

    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json' or a Go template" };
        var cmd = new Command("version", "Show the Wharf version information") { format };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string? format, CancellationToken ct)
    {
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(format is null or "" ? DefaultTemplate : format == "json" ? "{{json .}}" : format, "version");
        }
        catch (TemplateException e)
        {
            throw new CliException($"template parsing error: {e.Message}", 64);
        }
        string context;
        try { context = cli.Connection.ContextName; }
        catch (CliException) { context = cli.Flags.Context ?? "default"; }
        var buildTime = VersionInfo.ClientBuildTime();
        JsonElement answer;
        ApiVersion apiVersion;
        try
        {
            (answer, apiVersion) = await cli.Client.GetVersionJsonAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Like the docker CLI: the client's part, then the reason there is no server, before anything the template
            // met without one.
            cli.Out.Write(Render(template, VersionInfo.Of(VersionInfo.Client(ApiVersion.Current, context, buildTime), null), out _));
            throw;
        }
        var server = answer.ValueKind == JsonValueKind.Object ? VersionInfo.Server(answer) : null;
        cli.Out.Write(Render(template, VersionInfo.Of(VersionInfo.Client(apiVersion, context, buildTime), server), out var failure));
        if (failure is not null) throw new CliException(failure.Message);
        return 0;
    }

    /// <summary>
    /// The output as the docker CLI prints it: the template through a tab writer, then a newline. A template that fails
    /// gives what it wrote before the failure, which it sets in <paramref name="failure"/>.
    /// </summary>
    static string Render(GoTemplate template, TemplateStruct info, out TemplateException? failure)
    {
        var text = new StringBuilder();
        failure = null;
        try
        {
            template.Execute(text, info);
        }
        catch (TemplateException e)
        {
            failure = e;
        }
        using var output = new StringWriter();
        var table = new TableWriter(output, minWidth: 20, padding: 1);
        table.Write(text.Append('\n').ToString());
        table.Flush();
        return output.ToString();
    }
}
