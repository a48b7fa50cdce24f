using Wharf.Cli.Terminal;
using Wharf.Client;

namespace Wharf.Cli.Commands.Run;

/// <summary>
/// The terminal side of an attached session (run, start -a, attach, exec): raw mode while stdin is a TTY's, the size
/// sent after start and on every SIGWINCH, the detach keys, and the signal proxy of non-TTY sessions. Every exit path
/// (end of stream, detach, exception, cancellation) restores the terminal and drops the signal handlers.
/// </summary>
internal sealed class ContainerSession
{
    public required bool Tty { get; init; }
    public required bool Stdin { get; init; }
    /// <summary>Forward SIGINT, SIGTERM… to the container (docker's --sig-proxy; only without a TTY).</summary>
    public bool SigProxy { get; init; }
    public string? DetachKeys { get; init; }
    /// <summary>Sends a size to the daemon (container or exec resize).</summary>
    public required Func<TerminalSize, CancellationToken, Task> Resize { get; init; }
    /// <summary>Sends size+1 first, then the size, so that a program already running redraws (docker attach does).</summary>
    public bool NudgeSize { get; init; }
    /// <summary>Sends a signal's name to the container.</summary>
    public Func<string, Task>? Signal { get; init; }

    public async Task<SessionEnd> RunAsync(CliContext cli, HijackedStream stream, CancellationToken ct)
    {
        var escape = Tty && Stdin ? new DetachKeys(Keys()) : null;
        var proxy = SigProxy && !Tty && Signal is not null;
        using var raw = Tty && Stdin && cli.InIsTerminal ? cli.Terminal.EnterRaw() : null;
        using var signals = proxy ? SignalWatch.ForProxy(name => _ = ForwardAsync(name)) : null;
        using var resizes = Tty ? cli.Terminal.WatchResize(() => _ = ResizeAsync(false, CancellationToken.None)) : null;
        if (Tty) await ResizeAsync(NudgeSize, ct);
        // With the proxy, Ctrl-C goes to the container, whose exit ends the session; it must not abort the CLI's own copy.
        var streamToken = proxy ? CancellationToken.None : ct;
        // A terminal is read through its own fd: .NET's console stream edits lines itself and reconfigures the terminal on
        // each read (undoing raw mode); the docker CLI leaves a cooked terminal to the kernel's line discipline.
        var input = Stdin ? raw is not null || cli.InIsTerminal ? TerminalIO.OpenInput() : cli.OpenStdin() : null;
        var output = raw is not null ? TerminalIO.OpenOutput() : cli.OpenStdout();
        return await HijackedIO.RunAsync(stream, input, output, cli.OpenStderr(), Tty, escape, streamToken);

        async Task ResizeAsync(bool nudge, CancellationToken token)
        {
            if (cli.Terminal.Size() is not { Height: > 0, Width: > 0 } size) return;
            try
            {
                if (nudge) await Resize(size with { Height = size.Height + 1, Width = size.Width + 1 }, token);
                await Resize(size, token);
            }
            catch (Exception e) when (e is WharfApiException or IOException or HttpRequestException)
            {
                // As the docker CLI: a resize that fails (the process already exited) changes nothing for the session.
            }
        }

        async Task ForwardAsync(string name)
        {
            try { await Signal!(name); }
            catch (Exception e) when (e is WharfApiException or IOException or HttpRequestException)
            {
                // The container may have exited between the signal and the request; the wait reports how it ended.
            }
        }
    }

    /// <summary>The detach keys: --detach-keys when it parses, docker's ctrl-p,ctrl-q otherwise (the docker CLI only warns).</summary>
    byte[] Keys() => DetachKeys is { Length: > 0 } text && Run.DetachKeys.TryParse(text, out _) is { Length: > 0 } keys ? keys : Run.DetachKeys.Default;
}
