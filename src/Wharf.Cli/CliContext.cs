using Wharf.Cli.Hosts;
using Wharf.Client;

namespace Wharf.Cli;

/// <summary>
/// What every command needs: the output writers, the environment, the context store, the clock, and a client for the
/// daemon the global flags choose, made on first use so that commands that need no daemon never resolve one.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> env, ContextStore contexts,
                                 Func<Connection, WharfClient>? clientFactory = null, TimeProvider? time = null) : IDisposable
{
    Connection? _connection;
    TextReader? _in;
    WharfClient? _client;

    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public Func<string, string?> Env { get; } = env;
    public ContextStore Contexts { get; } = contexts;
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>Set by the root command from the parsed global flags before any command runs.</summary>
    public GlobalFlags Flags { get; set; } = new();

    /// <summary>Whether stdout is a terminal (progress bars instead of lines).</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>Whether stderr is a terminal (cp reports what it copied only then).</summary>
    public bool ErrIsTerminal { get; init; }

    /// <summary>Standard input as text, for confirmation prompts.</summary>
    public TextReader In => _in ??= OpenIn();

    /// <summary>Opens standard input as text on first use; tests give their own.</summary>
    public Func<TextReader> OpenIn { get; init; } = StandardStreams.Reader;

    /// <summary>Whether stdin is a terminal (load refuses to read a tar from one).</summary>
    public bool InIsTerminal { get; init; }

    /// <summary>Standard input and output as streams, for <c>load</c> and <c>save</c> without a file.</summary>
    public Func<Stream> OpenStdin { get; init; } = () => StandardStreams.Open(StandardStreams.Stdin);
    public Func<Stream> OpenStdout { get; init; } = () => StandardStreams.Open(StandardStreams.Stdout);

    /// <summary>Standard error as a stream, for a container's stderr frames.</summary>
    public Func<Stream> OpenStderr { get; init; } = () => StandardStreams.Open(StandardStreams.Stderr);

    /// <summary>The process's terminal (size, raw mode) for <c>-t</c> sessions; tests give a fake one.</summary>
    public Terminal.TerminalIO Terminal { get; init; } = Wharf.Cli.Terminal.TerminalIO.Process;

    public DateTimeOffset Now => Time.GetUtcNow();

    public Connection Connection => _connection ??= HostResolver.Resolve(Flags, Env, Contexts);

    public WharfClient Client => _client ??= (clientFactory ?? (c => c.CreateClient()))(Connection);

    public void Dispose() => _client?.Dispose();
}
