using System.CommandLine;
using Wharf.Cli.Commands.Context;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Commands.System;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands;

/// <summary>The root command: global flags (Docker's names, usable before or after the verb) and every verb, composed by hand.</summary>
internal sealed class RootCommandFactory
{
    readonly Option<string?> _host = new("--host", "-H") { Description = "Daemon socket to connect to", Recursive = true };
    readonly Option<string?> _context = new("--context", "-c") { Description = "Name of the context to use to connect to the daemon (overrides WHARF_HOST and DOCKER_HOST)", Recursive = true };
    readonly Option<bool> _tls = new("--tls") { Description = "Use TLS; implied by --tlsverify", Recursive = true };
    readonly Option<bool> _tlsVerify = new("--tlsverify") { Description = "Use TLS and verify the remote", Recursive = true };
    readonly Option<string?> _tlsCaCert = new("--tlscacert") { Description = "Trust certs signed only by this CA", Recursive = true };
    readonly Option<string?> _tlsCert = new("--tlscert") { Description = "Path to TLS certificate file", Recursive = true };
    readonly Option<string?> _tlsKey = new("--tlskey") { Description = "Path to TLS key file", Recursive = true };

    RootCommandFactory(RootCommand command) => Command = command;

    public RootCommand Command { get; }

    public static RootCommandFactory Create(CliContext cli)
    {
        var root = new RootCommand("A self-sufficient runtime for containers");
        var factory = new RootCommandFactory(root);
        foreach (var option in (Option[])[factory._host, factory._context, factory._tls, factory._tlsVerify, factory._tlsCaCert, factory._tlsCert, factory._tlsKey])
            root.Options.Add(option);
        // "wharf --version" prints the client version line, as "docker --version" does.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(builtIn);
        var version = new Option<bool>("--version", "-v") { Description = "Print version information and quit" };
        root.Options.Add(version);
        root.SetAction(p =>
        {
            if (p.GetValue(version))
            {
                cli.Out.WriteLine($"Wharf version {VersionCommand.ClientVersion}, build {VersionCommand.GitCommit}");
                return 0;
            }
            cli.Out.WriteLine("Usage:  wharf [OPTIONS] COMMAND");
            cli.Out.WriteLine("Run 'wharf --help' for more information on a command.");
            return 0;
        });

        // Top-level shortcuts, as docker has them.
        root.Subcommands.Add(VersionCommand.Create(cli));
        root.Subcommands.Add(InfoCommand.Create(cli, "info"));
        root.Subcommands.Add(EventsCommand.Create(cli));
        root.Subcommands.Add(ListCommand.Create(cli, "images"));
        root.Subcommands.Add(HistoryCommand.Create(cli));
        root.Subcommands.Add(TagCommand.Create(cli));
        root.Subcommands.Add(RemoveCommand.Create(cli, "rmi"));
        root.Subcommands.Add(SaveCommand.Create(cli));
        root.Subcommands.Add(LoadCommand.Create(cli));
        root.Subcommands.Add(ImportCommand.Create(cli));
        root.Subcommands.Add(InspectCommand.Create(cli));

        var image = new Command("image", "Manage images")
        {
            ListCommand.Create(cli, "ls", "list"),
            ImageInspectCommand.Create(cli),
            HistoryCommand.Create(cli),
            TagCommand.Create(cli),
            RemoveCommand.Create(cli, "rm", "remove"),
            SaveCommand.Create(cli),
            LoadCommand.Create(cli),
            ImportCommand.Create(cli),
            PruneCommand.Create(cli),
        };
        root.Subcommands.Add(image);

        var system = new Command("system", "Manage Wharf")
        {
            DfCommand.Create(cli),
            InfoCommand.Create(cli, "info"),
            EventsCommand.Create(cli),
            DialStdioCommand.Create(cli),
        };
        root.Subcommands.Add(system);

        var context = new Command("context", "Manage contexts")
        {
            ContextCreateCommand.Create(cli),
            ContextListCommand.Create(cli),
            ContextUseCommand.Create(cli),
            ContextRemoveCommand.Create(cli),
            ContextInspectCommand.Create(cli),
            ContextUpdateCommand.Create(cli),
            ContextExportCommand.Create(cli),
            ContextImportCommand.Create(cli),
        };
        root.Subcommands.Add(context);

        root.Subcommands.Add(Volume.VolumeCommands.Create(cli));
        root.Subcommands.Add(Network.NetworkCommands.Create(cli));

        // The container verbs: ps, stop, logs... first, since they make the container group; then run, create,
        // start, attach and exec, which join it.
        Container.ContainerCommands.AddTo(root, cli);
        system.Subcommands.Add(SystemPruneCommand.Create(cli));
        Run.RunVerbs.AddTo(root, cli);

        root.Subcommands.Add(Doctor.DoctorCommand.Create(cli));
        root.Subcommands.Add(CompletionCommand.Create(cli, root));
        return factory;
    }

    public GlobalFlags ReadFlags(ParseResult p) => new(
        p.GetValue(_host), p.GetValue(_context), p.GetValue(_tls), p.GetValue(_tlsVerify),
        p.GetValue(_tlsCaCert), p.GetValue(_tlsCert), p.GetValue(_tlsKey));
}
