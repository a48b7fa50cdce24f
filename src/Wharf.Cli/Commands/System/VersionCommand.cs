using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// <c>wharf version</c>: the Client and Server sections rendered by the docker CLI's own template through our template
/// engine. With the daemon down it prints the client part, then the reason.
/// </summary>
internal static class VersionCommand
{
    // docker/cli's defaultVersionTemplate; getDetailsOrder sorts keys, which ranging over a map does too.
    const string DefaultTemplate = """
        {{with .Client -}}
        Client:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
         Version:	{{.Version}}
         API version:	{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
         Go version:	{{.GoVersion}}
         Git commit:	{{.GitCommit}}
         Built:	{{.BuildTime}}
         OS/Arch:	{{.Os}}/{{.Arch}}
         Context:	{{.Context}}
        {{- end}}

        {{- if .ServerOK}}{{with .Server}}

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

    public static string ClientVersion => BuildVersion.Informational.Split('+')[0];

    public static string GitCommit
    {
        get
        {
            var info = BuildVersion.Informational;
            var plus = info.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? "unknown" : info[(plus + 1)..Math.Min(info.Length, plus + 8)];
        }
    }

    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template: 'json' or a Go template" };
        var cmd = new Command("version", "Show the Wharf version information") { format };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string? format, CancellationToken ct)
    {
        // While the daemon answers, the output for no answer is made (the client's section, the template, its rendering):
        // a failure prints it, and having rendered once lets the final rendering run warm, after the answer.
        var asking = AskAsync(cli, ct);
        var client = ClientSection(cli);
        var template = GoTemplate.Parse(format is null or "" ? DefaultTemplate : format == "json" ? "{{json .}}" : format);
        var document = new JsonObject { ["Client"] = client, ["Server"] = null, ["ServerOK"] = false };
        string? alone;
        try
        {
            alone = Output(template.Execute(document), format);
        }
        catch (TemplateException)
        {
            // "{{.Server.Version}}" without a server: like the docker CLI, say why there is none rather than what the template met.
            alone = null;
        }
        JsonNode? server;
        ApiVersion apiVersion;
        try
        {
            (server, apiVersion) = await asking;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (alone is not null) cli.Out.Write(alone);
            throw;
        }
        client["APIVersion"] = apiVersion.ToString();
        AnsicBuildTimes(server);
        // Attached as parsed, not written out again (which would also start the escaper, for its '+' signs).
        document["Server"] = server;
        document["ServerOK"] = server is not null;
        cli.Out.Write(Output(template.Execute(document), format));
        return 0;
    }

    /// <summary>The rendered template as printed: the default one laid out as docker's tab-aligned table.</summary>
    static string Output(string text, string? format)
    {
        if (format is not (null or "")) return text + "\n";
        using var output = new StringWriter();
        var table = new TableWriter(output, minWidth: 20, padding: 1);
        table.Write(text + "\n");
        table.Flush();
        return output.ToString();
    }

    /// <summary>The daemon's answer; an error (no daemon, a bad host) comes as the task's, not thrown before the client's section.</summary>
    static async Task<(JsonNode? Body, ApiVersion Version)> AskAsync(CliContext cli, CancellationToken ct)
        => await cli.Client.GetVersionJsonAsync(ct);

    /// <summary>
    /// The client's section, with the API version it asks for until the answer says which one was settled. Made of nodes
    /// rather than parsed from text: parsing a document this small starts the runtime's per-CPU buffer cache, whose first
    /// use times the CPU-number call for ~0.15 ms.
    /// </summary>
    static JsonObject ClientSection(CliContext cli)
    {
        string context;
        try { context = cli.Connection.ContextName; }
        catch (CliException) { context = cli.Flags.Context ?? "default"; }
        var arch = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() };
        return new JsonObject
        {
            ["Platform"] = new JsonObject { ["Name"] = "" },
            ["Version"] = ClientVersion,
            ["APIVersion"] = ApiVersion.Current.ToString(),
            ["DefaultAPIVersion"] = ApiVersion.Current.ToString(),
            ["GoVersion"] = RuntimeInformation.FrameworkDescription,
            ["GitCommit"] = GitCommit,
            ["BuildTime"] = BuildTime(),
            ["Os"] = "linux",
            ["Arch"] = arch,
            ["Context"] = context,
        };
    }

    /// <summary>The docker CLI shows the engine's RFC 3339 build time as time.ANSIC in the time's own offset ("Thu May  7 21:09:36 2026").</summary>
    static void AnsicBuildTimes(JsonNode? server)
    {
        foreach (var component in server?["Components"]?.AsArray() ?? [])
        {
            if (component?["Details"] is not JsonObject details || details["BuildTime"].AsString() is not { } text) continue;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                details["BuildTime"] = Ansic(t.DateTime);
        }
    }

    static string Ansic(DateTime t)
        => t.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    /// <summary>Go's time.ANSIC of the executable's modification time: "Fri May 30 12:07:14 2025".</summary>
    static string BuildTime()
    {
        var path = Environment.ProcessPath;
        if (path is null || !File.Exists(path)) return "unknown";
        return Ansic(File.GetLastWriteTimeUtc(path));
    }
}
