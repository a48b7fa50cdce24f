using System.Runtime.InteropServices;

namespace Wharf.Cli.Hosts;

/// <summary>Who owns a file (names from /etc/passwd and /etc/group): for the permission message and for doctor.</summary>
internal static partial class SocketOwner
{
    // statx's layout is the same on every Linux architecture (unlike struct stat): uid at 20, gid at 24, mode at 28.
    const int AtFdCwd = -100;
    const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    public static (string User, string Group, int Mode)? Of(string path) =>
        Stat(path, out _) is var (uid, gid, mode) ? (UserName(uid), GroupName(gid), mode & 0xfff) : null;

    /// <summary>statx of <paramref name="path"/>: owner, group and the whole st_mode (type bits too); null and the errno when it fails.</summary>
    public static unsafe (uint Uid, uint Gid, int Mode)? Stat(string path, out int errno)
    {
        const int ENOSYS = 38;
        var buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            errno = ENOSYS;
            return null;
        }
        errno = 0;
        return (*(uint*)(buffer + 20), *(uint*)(buffer + 24), *(ushort*)(buffer + 28));
    }

    public static string UserName(uint id) => NameOf("/etc/passwd", id);

    public static string GroupName(uint id) => NameOf("/etc/group", id);

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
