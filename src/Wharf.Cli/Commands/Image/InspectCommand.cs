using System.CommandLine;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Image;

/// <summary>
/// <c>wharf inspect [--type container|image|network|volume] [-s] [-f]</c>: objects by name. Without a type, a name is looked
/// up as a container, then as an image, a network and a volume, as docker does; an unknown name is "No such object".
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var size = new Option<bool>("--size", "-s") { Description = "Display total file sizes if the type is container" };
        var type = new Option<string?>("--type") { Description = "Return JSON for specified type" };
        var names = new Argument<string[]>("NAME|ID") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Return low-level information on Wharf objects") { format, size, type, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(type), p.GetValue(size), p.GetValue(format), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, string? type, bool size, string? format, CancellationToken ct)
    {
        if (type is not null and not ("image" or "container" or "network" or "volume"))
            throw new CliException(type is "node" or "service" or "task" or "secret" or "config" or "plugin"
                ? $"\"{type}\" objects are not supported by wharf yet"
                : $"unknown type: \"{type}\": must be one of \"config\", \"container\", \"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"");
        if (!string.IsNullOrEmpty(format) && format != "json") Templates.GoTemplate.Parse(format);
        var results = new List<InspectWriter.Result>();
        var template = !string.IsNullOrEmpty(format) && format != "json";
        foreach (var name in names) results.Add(await LookUpAsync(cli, name, type, size, template, ct));
        var errors = InspectWriter.Write(cli.Out, results, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }

    /// <summary>As a container first, then as an image, a network and a volume, unless the type says which.</summary>
    static async Task<InspectWriter.Result> LookUpAsync(CliContext cli, string name, string? type, bool size, bool template, CancellationToken ct)
    {
        if (type is null or "container")
        {
            try { return new(await cli.Client.GetRawJsonAsync(ContainerInspectCommand.Path(name, size), ct), null); }
            catch (WharfApiException e) when (e.StatusCode == 404)
            {
                if (type is not null) return new(null, $"Error response from daemon: {e.Message}");
            }
        }
        if (type is null or "image")
        {
            try { return new(await cli.Client.GetRawJsonAsync($"/images/{name}/json", ct), null); }
            catch (WharfApiException e) when (e.StatusCode == 404)
            {
                if (type is not null) return new(null, $"Error response from daemon: {e.Message}");
            }
        }
        if (type is null or "network")
        {
            try { return new(Network.NetworkInspectCommand.AsTyped(await cli.Client.GetRawJsonAsync($"/networks/{name}", ct), template), null); }
            catch (WharfApiException e) when (e.StatusCode == 404)
            {
                if (type is not null) return new(null, $"Error response from daemon: {e.Message}");
            }
        }
        try { return new(await cli.Client.GetRawJsonAsync($"/volumes/{name}", ct), null); }
        catch (WharfApiException e) when (e.StatusCode == 404)
        {
            return new(null, type is null ? $"Error: No such object: {name}" : $"Error response from daemon: {e.Message}");
        }
    }
}
