namespace Wharf.Cli.Terminal;

/// <summary>
/// Puts a terminal in raw mode (cfmakeraw: no echo, no line editing, no signal keys, no output processing) as the docker
/// CLI does for <c>-it</c>, and restores the saved settings when disposed, when the process exits (SIGTERM, an unhandled
/// exception) or both: restoring twice is harmless.
/// </summary>
internal sealed unsafe class RawMode : IDisposable
{
    readonly int _fd;
    readonly byte[] _saved;
    int _restored;

    RawMode(int fd, byte[] saved)
    {
        _fd = fd;
        _saved = saved;
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        AppDomain.CurrentDomain.UnhandledException += OnExit;
    }

    /// <summary>Raw mode on <paramref name="fd"/>; null (nothing changed) when it is not a terminal.</summary>
    public static RawMode? Enter(int fd)
    {
        if (Native.isatty(fd) != 1) return null;
        var saved = new byte[Native.TermiosSize];
        var raw = new byte[Native.TermiosSize];
        fixed (byte* s = saved)
        fixed (byte* r = raw)
        {
            if (Native.tcgetattr(fd, s) != 0) return null;
            saved.CopyTo(raw, 0);
            Native.cfmakeraw(r);
            if (Native.tcsetattr(fd, Native.TCSANOW, r) != 0) return null;
        }
        return new RawMode(fd, saved);
    }

    public void Dispose()
    {
        Restore();
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        AppDomain.CurrentDomain.UnhandledException -= OnExit;
    }

    void OnExit(object? sender, EventArgs e) => Restore();

    void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0) return;
        fixed (byte* s = _saved) Native.tcsetattr(_fd, Native.TCSANOW, s);
    }
}
