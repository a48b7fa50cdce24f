using System.CommandLine;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Context;

/// <summary><c>wharf context update NAME [--description] [--docker host=…,ca=…,cert=…,key=…]</c>: docker's form; a new endpoint replaces the old one whole.</summary>
internal static class ContextUpdateCommand
{
    public static Command Create(CliContext cli)
    {
        var description = new Option<string?>("--description") { Description = "Description of the context" };
        var docker = new Option<string?>("--docker") { Description = "set the docker endpoint" };
        var name = new Argument<string>("CONTEXT");
        var cmd = new Command("update", "Update a context") { description, docker, name };
        cmd.SetAction(p => Run(cli, p.GetValue(name)!, p.GetValue(docker), p.GetValue(description)));
        return cmd;
    }

    internal static int Run(CliContext cli, string name, string? docker, string? description)
    {
        (string, bool, string?, string?, string?)? endpoint = null;
        if (docker is not null)
        {
            var settings = ContextCreateCommand.ParseEndpoint(docker);
            var host = settings.GetValueOrDefault("host") ?? $"unix://{DaemonHost.DefaultSocket}";
            DaemonHost.Parse(host, tls: settings.ContainsKey("ca") || settings.ContainsKey("cert"));
            var skip = settings.GetValueOrDefault("skip-tls-verify") is { } s && bool.TryParse(s, out var b) && b;
            endpoint = (host, skip, settings.GetValueOrDefault("ca"), settings.GetValueOrDefault("cert"), settings.GetValueOrDefault("key"));
        }
        cli.Contexts.Update(name, description, endpoint);
        cli.Out.WriteLine(name);
        cli.Err.WriteLine($"Successfully updated context \"{name}\"");
        return 0;
    }
}
