using System.Globalization;
using System.Net.Sockets;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// systemd socket activation (sd_listen_fds(3)): LISTEN_PID names this process, LISTEN_FDS counts the sockets passed
/// from fd 3 on. The variables are removed once read, so that no child (conmon, runc) believes they are its own.
/// </summary>
internal static class SocketActivation
{
    public const int FirstFd = 3;

    /// <summary>The passed descriptors, or none when the variables are absent or meant for another process.</summary>
    public static IReadOnlyList<int> Parse(string? listenPid, string? listenFds, int ownPid)
    {
        if (listenPid is null || listenFds is null) return [];
        if (!int.TryParse(listenPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != ownPid) return [];
        if (!int.TryParse(listenFds, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0) return [];
        return Enumerable.Range(FirstFd, count).ToList();
    }

    /// <summary>Reads and clears this process's LISTEN_* variables.</summary>
    public static IReadOnlyList<int> Take()
    {
        var fds = Parse(Environment.GetEnvironmentVariable("LISTEN_PID"), Environment.GetEnvironmentVariable("LISTEN_FDS"), Environment.ProcessId);
        foreach (var name in (string[])["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]) Environment.SetEnvironmentVariable(name, null);
        return fds;
    }

    /// <summary>Whether the socket behind <paramref name="fd"/> is an internet socket (else a unix one).</summary>
    public static bool IsTcp(int fd)
    {
        try
        {
            using var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: false));
            return socket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
        }
        catch (SocketException e)
        {
            throw new Config.DaemonStartupException($"cannot listen on fd://{fd}: it is not a socket ({e.Message})", e);
        }
    }
}
