namespace Wharf.Cli.Terminal;

/// <summary>
/// The process's terminal as <c>-t</c> sessions use it: stdout's size (TIOCGWINSZ on fd 1, as the docker CLI reads it) and
/// raw mode on stdin (fd 0). Tests give fixed answers instead.
/// </summary>
internal sealed class TerminalIO(Func<TerminalSize?> size, Func<IDisposable?> enterRaw, Func<Action, IDisposable> watchResize)
{
    public static readonly TerminalIO Process = new(() => TerminalSize.Read(1), () => RawMode.Enter(0), SignalWatch.ForResize);

    /// <summary>The output terminal's size; null when stdout is not a terminal.</summary>
    public TerminalSize? Size() => size();

    /// <summary>Raw mode on the input terminal until disposed; null when stdin is not a terminal.</summary>
    public IDisposable? EnterRaw() => enterRaw();

    /// <summary>Calls <paramref name="onResize"/> whenever the window changes, until disposed.</summary>
    public IDisposable WatchResize(Action onResize) => watchResize(onResize);
}
