using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Volume;

/// <summary><c>wharf volume inspect [-f]</c>: each volume's raw JSON, or a template per volume; missing ones are reported after the rest.</summary>
internal static class VolumeInspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Display detailed information on one or more volumes") { format, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, string? format, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(format) && format != "json") Templates.GoTemplate.Parse(format);
        var template = !string.IsNullOrEmpty(format) && format != "json";
        var results = new List<InspectWriter.Result>();
        foreach (var name in names)
        {
            try
            {
                var found = await cli.Client.GetRawJsonAsync($"/volumes/{name}", ct);
                results.Add(new(AsTyped(found, template), null));
            }
            catch (WharfApiException e) when (e.StatusCode == 404) { results.Add(new(null, $"Error response from daemon: {e.Message}")); }
        }
        var errors = InspectWriter.Write(cli.Out, results, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// docker decodes a volume into its typed volume.Volume and prints that, not the daemon's bytes: map keys come out
    /// sorted (whatever order the daemon sent), and in templates a null (or, for Status, absent) map is an empty map that
    /// prints "map[]"; the printed JSON keeps null maps as null.
    /// </summary>
    static JsonNode? AsTyped(JsonNode? volume, bool template)
    {
        if (volume is not JsonObject o) return volume;
        foreach (var key in (string[])["Labels", "Options", "Status"])
        {
            if (o[key] is JsonObject map)
            {
                var sorted = new JsonObject();
                foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal).ToList()) sorted[k] = v?.DeepClone();
                o[key] = sorted;
            }
            else if (template && o[key] is null)
            {
                o[key] = new JsonObject();
            }
        }
        return o;
    }
}
