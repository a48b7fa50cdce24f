using System.Runtime.InteropServices;

namespace Wharf.Daemon.Hosting;

/// <summary>Gives a bound API socket mode 0660 and the daemon's group, as dockerd does with its <c>docker</c> group.</summary>
internal static class SocketPermissions
{
    public const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Sets the mode, then the group when it exists; the result says what happened to the group, for the log.</summary>
    public static SocketGroupResult Apply(string socketPath, string group, string groupFile = GroupDatabase.DefaultPath)
    {
        File.SetUnixFileMode(socketPath, SocketMode);
        if (GroupDatabase.FindGroupId(group, groupFile) is not int gid) return new SocketGroupResult(SocketGroupOutcome.GroupMissing, null, 0);
        // The owner stays the daemon's user (root in production), so the socket ends up root:<group>.
        return NativeMethods.Chown(socketPath, NativeMethods.Unchanged, (uint)gid) == 0
            ? new SocketGroupResult(SocketGroupOutcome.Applied, gid, 0)
            : new SocketGroupResult(SocketGroupOutcome.ChownFailed, gid, Marshal.GetLastPInvokeError());
    }
}
