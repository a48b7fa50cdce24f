namespace Wharf.Cli.Terminal;

/// <summary>A terminal's size in rows and columns, read with TIOCGWINSZ.</summary>
internal readonly record struct TerminalSize(int Height, int Width)
{
    /// <summary>The size of the terminal on <paramref name="fd"/>; null when it is not a terminal (or reports nothing).</summary>
    public static unsafe TerminalSize? Read(int fd)
    {
        Native.WinSize size;
        if (Native.ioctl(fd, Native.TIOCGWINSZ, &size) != 0) return null;
        return new TerminalSize(size.Rows, size.Cols);
    }
}
