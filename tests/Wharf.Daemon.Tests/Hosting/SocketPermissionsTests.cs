using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Tests.Hosting;

public sealed class SocketPermissionsTests
{
    static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>The file's group id, from stat(1): .NET has no managed stat that returns it.</summary>
    static int GroupOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    static int OurGroupId() =>
        int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Gid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);

    static bool IsRoot => Environment.UserName == "root";

    [Fact]
    public void Missing_group_still_sets_mode_0660()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("w.sock");
        using var socket = Bind(path);
        var groups = dir.WriteFile("group", "root:x:0:\nstaff:x:50:\n");
        var result = SocketPermissions.Apply(path, "wharf", groups);
        Assert.Equal(SocketGroupOutcome.GroupMissing, result.Outcome);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Existing_group_becomes_the_socket_group()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("w.sock");
        using var socket = Bind(path);
        // As root any gid works, so pick one that differs from ours; without root only our own group is allowed.
        var gid = IsRoot ? 4711 : OurGroupId();
        var groups = dir.WriteFile("group", $"root:x:0:\nwharf:x:{gid}:alice,bob\n");
        var result = SocketPermissions.Apply(path, "wharf", groups);
        Assert.Equal(new SocketGroupResult(SocketGroupOutcome.Applied, gid, 0), result);
        Assert.Equal(gid, GroupOf(path));
        Assert.Equal(SocketPermissions.SocketMode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Chown_failure_is_reported_not_thrown()
    {
        if (IsRoot) return; // root may chown to any group, so this failure cannot happen as root
        using var dir = new TempDirectory();
        var path = dir.Combine("w.sock");
        using var socket = Bind(path);
        var groups = dir.WriteFile("group", "wharf:x:4711:\n");
        var result = SocketPermissions.Apply(path, "wharf", groups);
        Assert.Equal(SocketGroupOutcome.ChownFailed, result.Outcome);
        Assert.Equal(1, result.Errno); // EPERM
    }

    [Fact]
    public void Group_lookup_reads_etc_group_format()
    {
        using var dir = new TempDirectory();
        var groups = dir.WriteFile("group", "# comment\nbroken line\nwharfish:x:7:\nwharf:x:998:\nbad:x:notanumber:\n");
        Assert.Equal(998, GroupDatabase.FindGroupId("wharf", groups));
        Assert.Null(GroupDatabase.FindGroupId("bad", groups));
        Assert.Null(GroupDatabase.FindGroupId("absent", groups));
        Assert.Null(GroupDatabase.FindGroupId("wharf", dir.Combine("no-such-file")));
    }
}
