using System.CommandLine;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context create NAME --docker host=…[,ca=…,cert=…,key=…,skip-tls-verify=true] [--description]</c>.</summary>
internal static class ContextCreateCommand
{
    public static Command Create(CliContext cli)
    {
        var description = new Option<string?>("--description") { Description = "Description of the context" };
        var docker = new Option<string?>("--docker") { Description = "set the docker endpoint" };
        var name = new Argument<string>("CONTEXT");
        var cmd = new Command("create", "Create a context") { description, docker, name };
        cmd.SetAction(p => Run(cli, p.GetValue(name)!, p.GetValue(docker), p.GetValue(description)));
        return cmd;
    }

    internal static int Run(CliContext cli, string name, string? docker, string? description)
    {
        var settings = ParseEndpoint(docker ?? "");
        var host = settings.GetValueOrDefault("host") ?? $"unix://{DaemonHost.DefaultSocket}";
        // Validate now: a context that cannot connect is better refused at creation.
        DaemonHost.Parse(host, tls: settings.ContainsKey("ca") || settings.ContainsKey("cert"));
        var skip = settings.GetValueOrDefault("skip-tls-verify") is { } s && bool.TryParse(s, out var b) && b;
        cli.Contexts.Create(name, description ?? "", host, skip, settings.GetValueOrDefault("ca"), settings.GetValueOrDefault("cert"), settings.GetValueOrDefault("key"));
        cli.Out.WriteLine(name);
        cli.Err.WriteLine($"Successfully created context \"{name}\"");
        return 0;
    }

    /// <summary>The docker CLI's comma-separated key=value endpoint spec; unknown keys are refused.</summary>
    internal static Dictionary<string, string> ParseEndpoint(string spec)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliException($"unable to create docker endpoint config: invalid setting \"{part}\": expected key=value");
            var key = part[..eq].Trim();
            if (key is not ("host" or "ca" or "cert" or "key" or "skip-tls-verify" or "description"))
                throw new CliException($"unable to create docker endpoint config: unrecognized config key: {key}");
            settings[key] = part[(eq + 1)..].Trim();
        }
        return settings;
    }
}
