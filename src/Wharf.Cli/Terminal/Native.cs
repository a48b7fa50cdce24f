using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>The few libc calls the terminal and the standard streams need, source-generated (NativeAOT-clean). struct termios is kept opaque.</summary>
internal static unsafe partial class Native
{
    /// <summary>Larger than glibc's and musl's struct termios (60 bytes on Linux), so any libc fits.</summary>
    public const int TermiosSize = 128;
    public const int TCSANOW = 0;
    /// <summary>TIOCGWINSZ on Linux (x86-64, arm64).</summary>
    public const nuint TIOCGWINSZ = 0x5413;
    public const int EINTR = 4;
    public const int EPIPE = 32;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc")]
    public static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, WinSize* size);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    /// <summary>Sets a variable in the process's own environment (libc's, which the runtime reads when asked for one).</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);
}
