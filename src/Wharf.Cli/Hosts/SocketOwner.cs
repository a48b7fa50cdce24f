using System.Runtime.InteropServices;

namespace Wharf.Cli.Hosts;

/// <summary>Who owns a socket file (names from /etc/passwd and /etc/group), to tell a user without access what to do.</summary>
internal static partial class SocketOwner
{
    // statx's layout is the same on every Linux architecture (unlike struct stat): uid at 20, gid at 24, mode at 28.
    const int AtFdCwd = -100;
    const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    public static unsafe (string User, string Group, int Mode)? Of(string path)
    {
        var buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        var uid = *(uint*)(buffer + 20);
        var gid = *(uint*)(buffer + 24);
        var mode = *(ushort*)(buffer + 28) & 0xfff;
        return (NameOf("/etc/passwd", uid), NameOf("/etc/group", gid), mode);
    }

    /// <summary>The name for an id in a passwd/group-format file (name:x:id:…), or the number when absent.</summary>
    static string NameOf(string file, uint id)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(':');
                if (parts.Length > 2 && uint.TryParse(parts[2], out var n) && n == id) return parts[0];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
