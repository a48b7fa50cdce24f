using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Cli.Output;
using Wharf.Client;

namespace Wharf.Cli.Commands.Network;

/// <summary>
/// <c>wharf network inspect [-f] [-v] NETWORK...</c>: each network's JSON as the daemon sent it, or a template per network;
/// missing ones are reported after the rest. <c>-v</c> asks the daemon for its verbose form (swarm details), as docker does.
/// </summary>
internal static class NetworkInspectCommand
{
    public static Command Create(CliContext cli)
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Verbose output for diagnostics" };
        var names = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("inspect", "Display detailed information on one or more networks") { format, verbose, names };
        cmd.SetAction((p, ct) => RunAsync(cli, p.GetValue(names)!, p.GetValue(format), p.GetValue(verbose), ct));
        return cmd;
    }

    internal static async Task<int> RunAsync(CliContext cli, string[] names, string? format, bool verbose, CancellationToken ct)
    {
        var template = !string.IsNullOrEmpty(format) && format != "json";
        if (template) Templates.GoTemplate.Parse(format!);
        var results = new List<InspectWriter.Result>();
        foreach (var name in names)
        {
            try { results.Add(new(AsTyped(await cli.Client.GetRawJsonAsync($"/networks/{name}" + (verbose ? "?verbose=true" : ""), ct), template), null)); }
            catch (WharfApiException e) when (e.StatusCode == 404) { results.Add(new(null, $"Error response from daemon: {e.Message}")); }
        }
        var errors = InspectWriter.Write(cli.Out, results, format);
        foreach (var e in errors) cli.Err.WriteLine(e);
        return errors.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// docker prints the daemon's bytes, but runs templates over its typed network.Inspect: there, null maps are empty
    /// maps ("map[]"), a null pool list an empty slice, EnableIPv4 is false when a 1.41 daemon leaves it out (and sits
    /// after Driver, where <c>{{json .}}</c> prints it), and map keys come out sorted.
    /// </summary>
    internal static JsonNode? AsTyped(JsonNode? network, bool template)
    {
        if (!template || network is not JsonObject o) return network;
        var typed = new JsonObject();
        foreach (var (key, value) in o.ToList())
        {
            if (key == "EnableIPv6" && !o.ContainsKey("EnableIPv4")) typed["EnableIPv4"] = false;
            typed[key] = key switch
            {
                "Containers" or "Options" or "Labels" => Sorted(value),
                "IPAM" when value is JsonObject ipam => Ipam(ipam),
                _ => value?.DeepClone(),
            };
        }
        return typed;
    }

    static JsonObject Ipam(JsonObject ipam)
    {
        var typed = new JsonObject();
        foreach (var (key, value) in ipam.ToList())
            typed[key] = key switch
            {
                "Options" => Sorted(value),
                "Config" => value?.DeepClone() ?? new JsonArray(),
                _ => value?.DeepClone(),
            };
        return typed;
    }

    static JsonObject Sorted(JsonNode? map)
    {
        var sorted = new JsonObject();
        if (map is JsonObject o)
            foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal).ToList()) sorted[k] = v?.DeepClone();
        return sorted;
    }
}
