using System.Runtime.InteropServices;

namespace Wharf.Daemon.Hosting;

/// <summary>The one native call the daemon needs: .NET has chmod (<see cref="File.SetUnixFileMode(string, UnixFileMode)"/>) but no chown.</summary>
internal static partial class NativeMethods
{
    /// <summary>Leaves the owner (or group) unchanged when passed for that argument.</summary>
    public const uint Unchanged = uint.MaxValue;

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, uint owner, uint group);
}
