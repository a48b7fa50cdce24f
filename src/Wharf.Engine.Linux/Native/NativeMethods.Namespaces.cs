using System.Runtime.InteropServices;

namespace Wharf.Engine.Linux.Native;

// setns for the embedded DNS: a thread enters a container's network namespace just long enough to make its sockets.
internal static partial class NativeMethods
{
    const int CloneNewNet = 0x40000000;
    const int ORdonly = 0;

    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetnsRaw(int fd, int nstype);

    /// <summary>Opens a namespace file (<c>/proc/PID/ns/net</c> or a bind mount of one) for <see cref="EnterNetworkNamespace"/>.</summary>
    public static int OpenNamespace(string path)
    {
        var fd = OpenRaw(path, ORdonly | OCloexec);
        if (fd < 0) throw new NativeException("open", path, Marshal.GetLastPInvokeError());
        return fd;
    }

    /// <summary>Moves the calling thread (only it) into the network namespace open at <paramref name="fd"/>.</summary>
    public static void EnterNetworkNamespace(int fd, string path) => Check(SetnsRaw(fd, CloneNewNet), "setns", path);
}
