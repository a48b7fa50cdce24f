using System.CommandLine;

namespace Wharf.Cli.Commands;

/// <summary>A top-level verb of the tree by its name, made only when the command line asks for it (see <see cref="RootCommandFactory"/>).</summary>
internal sealed record Verb(string Name, Func<CliContext, Command> Create);
