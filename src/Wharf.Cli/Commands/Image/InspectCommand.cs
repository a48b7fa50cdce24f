using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Image;

/// <summary>
/// <c>wharf inspect [--type image]</c>: objects by name. Only images exist on the daemon so far; other types are
/// refused rather than guessed, and an unknown name is "No such object", as docker says.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var type = new Option<string?>("--type") { Description = "Return JSON for specified type" };
        var names = new Argument<string[]>("NAME|ID") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Return low-level information on Wharf objects") { format, type, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(type), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, string? type, string? format, CancellationToken ct)
    {
        if (type is not null and not "image")
            throw new CliException(type is "container" or "network" or "volume" or "node" or "service" or "task" or "secret" or "config" or "plugin"
                ? $"\"{type}\" objects are not supported by wharf yet" : $"\"{type}\" is not a valid value for --type");
        if (!string.IsNullOrEmpty(format) && format != "json") Templates.GoTemplate.Parse(format);
        var found = new List<JsonNode?>();
        var errors = new List<string>();
        foreach (var name in names)
        {
            try { found.Add(await cli.Client.GetRawJsonAsync($"/images/{name}/json", ct)); }
            catch (WharfApiException e) when (e.StatusCode == 404)
            {
                errors.Add(type is null ? $"Error: No such object: {name}" : $"Error: No such image: {name}");
            }
        }
        InspectWriter.Write(cli.Out, found, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }
}
