using System.Runtime.InteropServices;

namespace Wharf.Daemon.Hosting;

/// <summary>The native calls the daemon needs: .NET has chmod (<see cref="File.SetUnixFileMode(string, UnixFileMode)"/>) but no chown, and no way to take back an ignored signal.</summary>
internal static partial class NativeMethods
{
    /// <summary>Leaves the owner (or group) unchanged when passed for that argument.</summary>
    public const uint Unchanged = uint.MaxValue;

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, uint owner, uint group);

    public const int SigInt = 2;

    /// <summary>signal(2)'s SIG_DFL: the signal's default action.</summary>
    public const nint DefaultAction = 0;

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signal, nint handler);
}
