using System.CommandLine;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Container;

/// <summary><c>wharf container inspect [-s] [-f]</c>: every container's raw JSON (or a template each); missing ones are reported after the rest.</summary>
internal static class ContainerInspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes" };
        var names = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Display detailed information on one or more containers") { format, size, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(size), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, bool size, string? format, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(format) && format != "json") Templates.GoTemplate.Parse(format);
        var results = new List<InspectWriter.Result>();
        foreach (var name in names)
        {
            try { results.Add(new(await cli.Client.GetRawJsonAsync(Path(name, size), ct), null)); }
            catch (WharfApiException e) when (e.StatusCode == 404) { results.Add(new(null, $"Error response from daemon: {e.Message}")); }
        }
        var errors = InspectWriter.Write(cli.Out, results, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }

    internal static string Path(string name, bool size) => $"/containers/{Uri.EscapeDataString(name)}/json" + (size ? "?size=1" : "");
}
