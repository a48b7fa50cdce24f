using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Hosts;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context inspect [NAME...] [-f]</c>: the docker CLI's context document (name, metadata, endpoints, storage).</summary>
internal static class ContextInspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var names = new Argument<string[]>("CONTEXT") { Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("inspect", "Display detailed information on one or more contexts") { format, names };
        cmd.SetAction(p => Run(cli, p.GetValues(names), p.GetValue(format)));
        return cmd;
    }

    internal static int Run(CliContext cli, string[] names, string? format)
    {
        if (names.Length == 0) names = [cli.Flags.Context ?? cli.Contexts.CurrentContext()];
        var docs = new List<JsonNode?>();
        foreach (var name in names)
        {
            if (name == ContextStore.DefaultName)
            {
                docs.Add(Document(name, "", DaemonHost.Default.ToString(), false, null, "<IN MEMORY>", "<IN MEMORY>"));
                continue;
            }
            var e = cli.Contexts.Load(name);
            docs.Add(Document(e.Name, e.Description, e.Host, e.SkipTlsVerify, e.TlsDirectory,
                cli.Contexts.MetaDirectory(name), cli.Contexts.TlsDirectory(name)));
        }
        InspectWriter.Write(cli.Out, docs, format);
        return 0;
    }

    static JsonObject Document(string name, string description, string host, bool skip, string? tls, string meta, string tlsPath)
    {
        var material = new JsonObject();
        if (tls is not null && Directory.Exists(tls))
            material["docker"] = new JsonArray([.. Directory.EnumerateFiles(tls).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => (JsonNode?)JsonValue.Create(f))]);
        return new JsonObject
        {
            ["Name"] = name,
            ["Metadata"] = description.Length > 0 ? new JsonObject { ["Description"] = description } : new JsonObject(),
            ["Endpoints"] = new JsonObject { ["docker"] = new JsonObject { ["Host"] = host, ["SkipTLSVerify"] = skip } },
            ["TLSMaterial"] = material,
            ["Storage"] = new JsonObject { ["MetadataPath"] = meta, ["TLSPath"] = tlsPath },
        };
    }
}
