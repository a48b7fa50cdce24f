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
        var results = new List<InspectWriter.Result>();
        foreach (var name in names)
        {
            try { results.Add(new(await cli.Client.GetRawJsonAsync($"/volumes/{name}", ct), null)); }
            catch (WharfApiException e) when (e.StatusCode == 404) { results.Add(new(null, $"Error response from daemon: {e.Message}")); }
        }
        var errors = InspectWriter.Write(cli.Out, results, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }
}
