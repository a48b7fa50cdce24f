using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Api;
using Wharf.Cli.Output;
using Wharf.Cli.Templates;
using Wharf.Client;

namespace Wharf.Cli.Commands.System;

/// <summary>
/// What <c>version</c> renders, shaped as the docker CLI's own types so that templates and <c>json</c> see what they see
/// there: <c>versionInfo</c> (Client, and Server or nil), <c>clientVersion</c> and the engine's <c>types.Version</c>.
/// Made of plain values rather than JSON nodes: a node holding a string starts System.Text.Json's converters, and with
/// them the reflection that names their assembly (~0.2 ms of each run).
/// </summary>
internal static class VersionInfo
{
    public static TemplateStruct Of(TemplateStruct client, TemplateStruct? server)
        => new("system.versionInfo", new TemplateField("Client", client), new TemplateField("Server", server));

    /// <summary>The client's part, with the API version in use (the one asked for until the daemon's answer settles it).</summary>
    public static TemplateStruct Client(ApiVersion apiVersion, string context, string buildTime)
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var a => a.ToString().ToLowerInvariant(),
        };
        return new TemplateStruct("system.clientVersion",
            // The docker CLI's Platform is a *platformInfo that only a build with a platform name sets.
            new TemplateField("Platform", new TemplateNil("*system.platformInfo", "Name"), omitEmpty: true),
            new TemplateField("Version", ClientVersion, omitEmpty: true),
            new TemplateField("APIVersion", apiVersion.ToString(), "ApiVersion", omitEmpty: true),
            new TemplateField("DefaultAPIVersion", ApiVersion.Current.ToString(), omitEmpty: true),
            new TemplateField("GitCommit", GitCommit, omitEmpty: true),
            new TemplateField("GoVersion", RuntimeInformation.FrameworkDescription, omitEmpty: true),
            new TemplateField("Os", "linux", omitEmpty: true),
            new TemplateField("Arch", arch, omitEmpty: true),
            new TemplateField("BuildTime", buildTime, omitEmpty: true),
            new TemplateField("Context", context));
    }

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

    /// <summary>Go's time.ANSIC of the executable's modification time: "Fri May 30 12:07:14 2025".</summary>
    public static string ClientBuildTime()
    {
        var path = Environment.ProcessPath;
        if (path is null) return "unknown";
        var file = new FileInfo(path);
        return file.Exists ? GoTime.Ansic(file.LastWriteTimeUtc) : "unknown";
    }

    /// <summary>
    /// The daemon's <c>GET /version</c> answer as <c>*types.Version</c>. Like the docker CLI, the Engine component shows
    /// its build time as time.ANSIC, and a daemon that lists no Engine component gets one made of the top-level fields.
    /// </summary>
    public static TemplateStruct Server(JsonElement answer)
    {
        string Text(string name) => answer.StringField(name);
        var experimental = answer.TryGetField("Experimental", out var flag) && flag.ValueKind == JsonValueKind.True;
        var components = new List<object?>();
        var engine = false;
        foreach (var component in answer.ArrayField("Components"))
        {
            var name = component.StringField("Name");
            var isEngine = name == "Engine";
            engine |= isEngine;
            var details = new List<KeyValuePair<string, object?>>();
            if (component.TryGetField("Details", out var fields) && fields.ValueKind == JsonValueKind.Object)
                foreach (var detail in fields.EnumerateObject())
                {
                    var text = detail.Value.ValueKind switch
                    {
                        JsonValueKind.String => detail.Value.GetString()!,
                        JsonValueKind.Null => "",
                        _ => detail.Value.GetRawText(),
                    };
                    details.Add(new(detail.Name, isEngine && detail.Name == "BuildTime" ? Reformat(text) : text));
                }
            components.Add(Component(name, component.StringField("Version"), details));
        }
        if (!engine)
        {
            components.Add(Component("Engine", Text("Version"),
            [
                new("ApiVersion", Text("ApiVersion")),
                new("MinAPIVersion", Text("MinAPIVersion")),
                new("GitCommit", Text("GitCommit")),
                new("GoVersion", Text("GoVersion")),
                new("Os", Text("Os")),
                new("Arch", Text("Arch")),
                new("BuildTime", Reformat(Text("BuildTime"))),
                new("Experimental", experimental ? "true" : "false"),
            ]));
        }
        return new TemplateStruct("*types.Version",
            new TemplateField("Platform", new TemplateStruct("struct { Name string }",
                new TemplateField("Name", answer.TryGetField("Platform", out var platform) ? platform.StringField("Name") : ""))),
            new TemplateField("Components", components, omitEmpty: true),
            new TemplateField("Version", Text("Version")),
            new TemplateField("APIVersion", Text("ApiVersion"), "ApiVersion"),
            new TemplateField("MinAPIVersion", Text("MinAPIVersion"), omitEmpty: true),
            new TemplateField("GitCommit", Text("GitCommit")),
            new TemplateField("GoVersion", Text("GoVersion")),
            new TemplateField("Os", Text("Os")),
            new TemplateField("Arch", Text("Arch")),
            new TemplateField("KernelVersion", Text("KernelVersion"), omitEmpty: true),
            new TemplateField("Experimental", experimental, omitEmpty: true),
            new TemplateField("BuildTime", Text("BuildTime"), omitEmpty: true));
    }

    static TemplateStruct Component(string name, string version, IEnumerable<KeyValuePair<string, object?>> details)
        => new("types.ComponentVersion",
            new TemplateField("Name", name),
            new TemplateField("Version", version),
            new TemplateField("Details", new TemplateMap(details), omitEmpty: true));

    /// <summary>The docker CLI's reformatDate: an RFC 3339 time as time.ANSIC in its own offset; anything else as it is.</summary>
    static string Reformat(string text) => GoTime.TryParseRfc3339(text, out var t) ? GoTime.Ansic(t.DateTime) : text;
}
