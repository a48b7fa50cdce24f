using System.Globalization;
using Wharf.Cli.Hosts;

namespace Wharf.Cli.Commands.Doctor;

/// <summary>
/// The unix socket, judged from its metadata against the caller: it exists, it is a socket, and connect(2) would be
/// allowed (write permission on the socket, search permission on every directory above it), as the kernel decides it.
/// </summary>
internal static class SocketChecks
{
    const int Write = 2, Search = 1;

    public static IEnumerable<DoctorCheck> Run(string path, DoctorSystem system)
    {
        var facts = system.Stat(path);
        var me = system.Identity();
        var who = $"you are {system.UserName(me.Uid)} (uid {me.Uid.ToString(CultureInfo.InvariantCulture)}"
            + (me.Groups.Count > 0 ? $", groups {string.Join(',', me.Groups.Distinct().Select(system.GroupName))})" : ")");
        // A directory on the way that this user cannot search hides the socket itself: that is the failure to name.
        if (facts is null or { Kind: FileKind.Unreachable } && ClosedDirectory(path, me, system, who) is { } closed)
        {
            yield return closed;
            yield break;
        }
        if (facts is { Kind: FileKind.Unreachable })
        {
            yield return DoctorCheck.Fail("access", $"{path} cannot be examined (permission denied): {who}", "run the command with sudo, or ask for access to the socket's directory");
            yield break;
        }
        if (facts is null)
        {
            yield return DoctorCheck.Fail("socket", $"{path} does not exist", StartDaemonFix(path));
            yield break;
        }
        if (facts.Kind != FileKind.Socket)
        {
            var kind = facts.Kind switch { FileKind.Directory => "a directory", FileKind.Regular => "a regular file", _ => "not a socket" };
            yield return DoctorCheck.Fail("socket", $"{path} is {kind}, not a socket",
                $"check the host (-H, WHARF_HOST, DOCKER_HOST, the context): {path} is not where a daemon listens; if it is a leftover, remove it and start wharfd");
            yield break;
        }
        yield return DoctorCheck.Ok("socket", $"{path} exists and is a socket");

        if (ClosedDirectory(path, me, system, who) is { } hidden)
        {
            yield return hidden;
            yield break;
        }
        var owner = Describe(path, facts, system);
        if (Allowed(facts, me, Write))
        {
            yield return DoctorCheck.Ok("access", $"{owner}: {who}, so you may connect");
            yield break;
        }
        var group = system.GroupName(facts.Gid);
        var fix = (facts.Mode & 0x10) != 0
            ? $"sudo usermod -aG {group} $USER, then log in again (or run the command with sudo)"
            // 0x10 is the group write bit (octal 020).
            : $"run the command with sudo: the socket gives its group no write access (mode {Mode(facts.Mode)}); wharfd makes it 0660, group wharf";
        yield return DoctorCheck.Fail("access", $"{owner}: {who}, so connecting is denied", fix);
    }

    /// <summary>The first directory above <paramref name="path"/> this user may not search, as a failure; null when all are open.</summary>
    static DoctorCheck? ClosedDirectory(string path, UserIdentity me, DoctorSystem system, string who)
    {
        foreach (var dir in Ancestors(path))
        {
            if (system.Stat(dir) is not { Kind: not FileKind.Unreachable } d || Allowed(d, me, Search)) continue;
            return DoctorCheck.Fail("access", $"{Describe(dir, d, system)} cannot be searched: {who}",
                $"let your user reach the socket: chmod o+x {dir} (or run the command with sudo)");
        }
        return null;
    }

    /// <summary>How to get a daemon listening at <paramref name="path"/>.</summary>
    public static string StartDaemonFix(string path)
        => path == DaemonHost.DefaultSocket
            ? $"start wharfd: sudo scripts/setup.sh (from a Wharf checkout; it starts wharfd on {path}), or sudo wharfd -H unix://{path}"
            : $"start wharfd: sudo wharfd -H unix://{path}, or point wharf at the daemon that runs (-H, WHARF_HOST, wharf context use)";

    /// <summary>The kernel's rule: root passes; else the owner bits, the group bits (primary or supplementary group), or the other bits.</summary>
    static bool Allowed(FileFacts f, UserIdentity me, int want)
    {
        if (me.Uid == 0) return true;
        var bits = f.Uid == me.Uid ? f.Mode >> 6 : me.Gid == f.Gid || me.Groups.Contains(f.Gid) ? f.Mode >> 3 : f.Mode;
        return (bits & want) == want;
    }

    static string Describe(string path, FileFacts f, DoctorSystem system)
        => $"{path} is {system.UserName(f.Uid)}:{system.GroupName(f.Gid)} mode {Mode(f.Mode)}";

    static string Mode(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    static IEnumerable<string> Ancestors(string path)
    {
        var dirs = new List<string>();
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            dirs.Add(dir);
        dirs.Reverse();
        return dirs;
    }
}
