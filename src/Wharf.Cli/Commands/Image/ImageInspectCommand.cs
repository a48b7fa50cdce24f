using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Image;

/// <summary><c>wharf image inspect</c>: every image's raw JSON, or a template per image; missing ones are reported after the rest.</summary>
internal static class ImageInspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var names = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Display detailed information on one or more images") { format, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, string? format, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(format) && format != "json") Templates.GoTemplate.Parse(format);
        var found = new List<JsonNode?>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            try { found.Add(await cli.Client.GetRawJsonAsync($"/images/{name}/json", ct)); }
            catch (WharfApiException e) when (e.StatusCode == 404) { errors.Add($"Error response from daemon: {e.Message}"); }
        }
        InspectWriter.Write(cli.Out, found, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }
}
