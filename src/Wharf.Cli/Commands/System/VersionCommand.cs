using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using System.Globalization;
using System.Runtime.InteropServices;
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
        var text = template.Execute(Document(cli, apiVersion, server));
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
    /// What the template sees: Client, Server (null when unreachable) and ServerOK. Written as JSON and parsed back:
    /// making JsonValues from strings starts System.Text.Json's converters, whose first use costs a reflection start-up.
    /// </summary>
    static JsonNode Document(CliContext cli, ApiVersion apiVersion, JsonNode? server)
    {
        string context;
        try { context = cli.Connection.ContextName; }
        catch (CliException) { context = cli.Flags.Context ?? "default"; }
        var doc = Parse(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("Client");
            json.WriteStartObject("Platform");
            json.WriteString("Name", "");
            json.WriteEndObject();
            json.WriteString("Version", ClientVersion);
            json.WriteString("APIVersion", apiVersion.ToString());
            json.WriteString("DefaultAPIVersion", ApiVersion.Current.ToString());
            json.WriteString("GoVersion", RuntimeInformation.FrameworkDescription);
            json.WriteString("GitCommit", GitCommit);
            json.WriteString("BuildTime", BuildTime());
            json.WriteString("Os", "linux");
            json.WriteString("Arch", RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() });
            json.WriteString("Context", context);
            json.WriteEndObject();
            json.WriteBoolean("ServerOK", server is not null);
            json.WriteEndObject();
        });
        // Attached as parsed: writing it out again would escape its '+' signs, and starting that escaper costs too.
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
                details["BuildTime"] = Parse(json => json.WriteStringValue(Ansic(t.DateTime)));
        }
    }

    static JsonNode Parse(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return JsonNode.Parse(buffer.WrittenSpan)!;
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
