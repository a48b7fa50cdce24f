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
        var template = GoTemplate.Parse(format is null or "" ? DefaultTemplate : format == "json" ? "{{json .}}" : format);
        JsonNode? server = null;
        var apiVersion = ApiVersion.Current;
        Exception? failure = null;
        try
        {
            (server, apiVersion) = await cli.Client.GetVersionJsonAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
        }
        string text;
        try
        {
            text = template.Execute(Document(cli, apiVersion, server));
        }
        catch (TemplateException) when (failure is not null)
        {
            // "{{.Server.Version}}" without a server: like the docker CLI, say why there is none rather than what the template met.
            throw failure;
        }
        if (format is null or "")
        {
            var table = new TableWriter(cli.Out, minWidth: 20, padding: 1);
            table.Write(text + "\n");
            table.Flush();
        }
        else
        {
            cli.Out.WriteLine(text);
        }
        if (failure is not null) throw failure;
        return 0;
    }

    /// <summary>
    /// What the template sees: Client, Server (null when unreachable) and ServerOK. Client is written as JSON text and
    /// parsed: making JsonValues from strings would start System.Text.Json's converters (a reflection start-up), and its
    /// writer its escaper (tables for all of Unicode); either costs more than the rest of the command's own work.
    /// </summary>
    static JsonNode Document(CliContext cli, ApiVersion apiVersion, JsonNode? server)
    {
        string context;
        try { context = cli.Connection.ContextName; }
        catch (CliException) { context = cli.Flags.Context ?? "default"; }
        var arch = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() };
        var client = new StringBuilder("{\"Platform\":{\"Name\":\"\"}")
            .Append(",\"Version\":").Append(Quote(ClientVersion))
            .Append(",\"APIVersion\":").Append(Quote(apiVersion.ToString()))
            .Append(",\"DefaultAPIVersion\":").Append(Quote(ApiVersion.Current.ToString()))
            .Append(",\"GoVersion\":").Append(Quote(RuntimeInformation.FrameworkDescription))
            .Append(",\"GitCommit\":").Append(Quote(GitCommit))
            .Append(",\"BuildTime\":").Append(Quote(BuildTime()))
            .Append(",\"Os\":\"linux\",\"Arch\":").Append(Quote(arch))
            .Append(",\"Context\":").Append(Quote(context))
            .Append('}');
        var doc = Node($"{{\"Client\":{client},\"Server\":null,\"ServerOK\":{(server is null ? "false" : "true")}}}");
        // Attached as parsed, not written out again (which would also start the escaper, for its '+' signs).
        doc["Server"] = server;
        AnsicBuildTimes(server);
        return doc;
    }

    /// <summary>The docker CLI shows the engine's RFC 3339 build time as time.ANSIC in the time's own offset ("Thu May  7 21:09:36 2026").</summary>
    static void AnsicBuildTimes(JsonNode? server)
    {
        foreach (var component in server?["Components"]?.AsArray() ?? [])
        {
            if (component?["Details"] is not JsonObject details || details["BuildTime"] is not JsonValue time || !time.TryGetValue<string>(out var text)) continue;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                details["BuildTime"] = JsonValue.Create(JsonElement.Parse(Quote(Ansic(t.DateTime))));
        }
    }

    /// <summary>An object node over parsed JSON text. Not JsonNode.Parse, whose first use costs ~0.2 ms more here (its converter).</summary>
    static JsonObject Node(string json) => JsonObject.Create(JsonElement.Parse(json))!;

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, as RFC 8259 requires.</summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') text.Append('\\').Append(c);
            else if (c < ' ') text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else text.Append(c);
        }
        return text.Append('"').ToString();
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
