using System.CommandLine;
using System.CommandLine.Help;
using Wharf.Cli.Commands.Container;
using Wharf.Cli.Commands.Context;
using Wharf.Cli.Commands.Image;
using Wharf.Cli.Commands.Run;
using Wharf.Cli.Commands.System;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands;

/// <summary>
/// The root command: global flags (Docker's names, usable before or after the verb) and the verbs, composed by hand.
/// Making all ~100 commands and their options is most of a short command's time, so a command line that names a
/// known verb gets a tree with only that verb; help at the top, completion and anything unrecognised get the whole tree.
/// </summary>
internal sealed class RootCommandFactory
{
    /// <summary>Every top-level verb, in the order help lists them.</summary>
    static readonly Verb[] Verbs =
    [
        new("version", VersionCommand.Create),
        new("info", cli => InfoCommand.Create(cli, "info")),
        new("events", EventsCommand.Create),
        new("images", cli => ListCommand.Create(cli, "images")),
        new("history", HistoryCommand.Create),
        new("tag", TagCommand.Create),
        new("rmi", cli => RemoveCommand.Create(cli, "rmi")),
        new("save", SaveCommand.Create),
        new("load", LoadCommand.Create),
        new("import", ImportCommand.Create),
        new("inspect", InspectCommand.Create),
        new("image", ImageGroup),
        new("system", SystemGroup),
        new("context", ContextGroup),
        new("volume", Volume.VolumeCommands.Create),
        new("network", Network.NetworkCommands.Create),
        .. ContainerCommands.Shortcuts,
        new("container", ContainerCommands.Group),
        .. RunVerbs.All,
        new("doctor", Doctor.DoctorCommand.Create),
    ];

    readonly Option<string?> _host = new("--host", "-H") { Description = "Daemon socket to connect to", Recursive = true };
    readonly Option<string?> _context = new("--context", "-c") { Description = "Name of the context to use to connect to the daemon (overrides WHARF_HOST and DOCKER_HOST)", Recursive = true };
    readonly Option<bool> _tls = new("--tls") { Description = "Use TLS; implied by --tlsverify", Recursive = true };
    readonly Option<bool> _tlsVerify = new("--tlsverify") { Description = "Use TLS and verify the remote", Recursive = true };
    readonly Option<string?> _tlsCaCert = new("--tlscacert") { Description = "Trust certs signed only by this CA", Recursive = true };
    readonly Option<string?> _tlsCert = new("--tlscert") { Description = "Path to TLS certificate file", Recursive = true };
    readonly Option<string?> _tlsKey = new("--tlskey") { Description = "Path to TLS key file", Recursive = true };

    readonly Option[] _globals;

    RootCommandFactory(Command command)
    {
        Command = command;
        _globals = [_host, _context, _tls, _tlsVerify, _tlsCaCert, _tlsCert, _tlsKey];
    }

    /// <summary>The root, named "wharf" like the executable.</summary>
    public Command Command { get; }

    /// <summary>False when the tree holds only the verb the command line names.</summary>
    public bool IsWhole { get; private set; } = true;

    /// <summary>The whole tree.</summary>
    public static RootCommandFactory Create(CliContext cli) => Create(cli, null);

    /// <summary>The tree for <paramref name="args"/>: only the verb they name when it is a known one, otherwise (or for null) the whole tree.</summary>
    public static RootCommandFactory Create(CliContext cli, IReadOnlyList<string>? args)
    {
        // A plain command rather than RootCommand: its built-in help option looks its description up through a
        // ResourceManager, which costs every command a reflection start-up. The same help, with our own description.
        var root = new Command("wharf", "A self-sufficient runtime for containers");
        var factory = new RootCommandFactory(root);
        root.Options.Add(new Option<bool>("--help", "-h", "-?")
        {
            Description = "Show help and usage information",
            Arity = ArgumentArity.Zero,
            Recursive = true,
            Action = new HelpAction(),
        });
        foreach (var option in factory._globals) root.Options.Add(option);
        // "wharf --version" prints the client version line, as "docker --version" does.
        var version = new Option<bool>("--version", "-v") { Description = "Print version information and quit" };
        root.Options.Add(version);
        root.SetAction(p =>
        {
            if (p.GetValue(version))
            {
                cli.Out.WriteLine($"Wharf version {VersionInfo.ClientVersion}, build {VersionInfo.GitCommit}");
                return 0;
            }
            cli.Out.WriteLine("Usage:  wharf [OPTIONS] COMMAND");
            cli.Out.WriteLine("Run 'wharf --help' for more information on a command.");
            return 0;
        });

        if (args is not null && factory.Narrows(args, out var named))
        {
            // No verb at all ("wharf --version", "wharf -H x"): the root alone answers.
            if (named is not null) root.Subcommands.Add(named.Create(cli));
            factory.IsWhole = false;
            return factory;
        }
        foreach (var verb in Verbs) root.Subcommands.Add(verb.Create(cli));
        root.Subcommands.Add(CompletionCommand.Create(cli, root));
        return factory;
    }

    /// <summary>
    /// Whether a tree narrower than the whole one parses <paramref name="args"/>: with <paramref name="verb"/>, the verb
    /// they name (their first word after the global flags and those flags' values), or with none, the root alone (they hold
    /// nothing but global flags and <c>--version</c>). False when anything else comes first or the word is no known verb;
    /// a wrong guess only costs a parse, since the caller parses again with the whole tree when the narrow one finds an error.
    /// </summary>
    bool Narrows(IReadOnlyList<string> args, out Verb? verb)
    {
        verb = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                verb = Array.Find(Verbs, v => v.Name == arg);
                return verb is not null;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg : arg[..eq];
            if (name is "--version" or "-v") continue;
            var option = Array.Find(_globals, o => o.Name == name || o.Aliases.Contains(name));
            if (option is null) return false;
            if (eq < 0 && option.ValueType != typeof(bool)) i++;
        }
        return true;
    }

    public GlobalFlags ReadFlags(ParseResult p) => new(
        p.GetValue(_host), p.GetValue(_context), p.GetValue(_tls), p.GetValue(_tlsVerify),
        p.GetValue(_tlsCaCert), p.GetValue(_tlsCert), p.GetValue(_tlsKey));

    static Command ImageGroup(CliContext cli) => new("image", "Manage images")
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

    static Command SystemGroup(CliContext cli) => new("system", "Manage Wharf")
    {
        DfCommand.Create(cli),
        InfoCommand.Create(cli, "info"),
        EventsCommand.Create(cli),
        DialStdioCommand.Create(cli),
        SystemPruneCommand.Create(cli),
    };

    static Command ContextGroup(CliContext cli) => new("context", "Manage contexts")
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
}
