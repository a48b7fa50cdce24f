using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Wharf.Engine.Linux.Native;

namespace Wharf.Engine.Linux.Networks;

/// <summary>
/// The libc calls network namespaces and port reservations need: unshare/setns and a bind mount to pin a namespace on
/// a file, and plain socket/bind (no SO_REUSEADDR, which .NET sets on TCP sockets) so that a reserved port is exclusive.
/// </summary>
internal static partial class NetworkNative
{
    const string Libc = "libc";
    public const int CloneNewNet = 0x40000000;
    public const long NsfsMagic = 0x6e736673;
    const int ORdonly = 0;
    const int OCloexec = 0x80000;
    const nuint MsBind = 4096;
    const int MntDetach = 2;
    const int AfInet = 2;
    const int SockStream = 1;
    const int SockDgram = 2;
    const int SockCloexec = 0x80000;
    public const int EADDRINUSE = 98;
    public const int EINVAL = 22;
    public const int ENOENT = 2;

    [StructLayout(LayoutKind.Sequential)]
    struct SockaddrIn
    {
        public ushort Family;
        public ushort Port;   // network order
        public uint Address;  // network order
        public ulong Zero;
    }

    [LibraryImport(Libc, EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareRaw(int flags);

    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    private static partial int SetnsRaw(int fd, int nstype);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenRaw(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseRaw(int fd);

    [LibraryImport(Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountRaw(string source, string target, string? fstype, nuint flags, string? data);

    [LibraryImport(Libc, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Raw(string target, int flags);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxRaw(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketRaw(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    private static unsafe partial int BindRaw(int fd, SockaddrIn* address, int length);

    [LibraryImport(Libc, EntryPoint = "getsockname", SetLastError = true)]
    private static unsafe partial int GetsocknameRaw(int fd, SockaddrIn* address, int* length);

    /// <summary>
    /// Makes a new network namespace and pins it on <paramref name="file"/> (an existing empty file). Runs on a thread of
    /// its own that returns to the daemon's namespace afterwards, so no pooled thread ever runs in the wrong one.
    /// </summary>
    public static Task PinNewNamespaceAsync(string file)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                PinNewNamespace(file);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "wharf-netns" };
        thread.Start();
        return done.Task;
    }

    static void PinNewNamespace(string file)
    {
        const string self = "/proc/thread-self/ns/net";
        var original = OpenRaw(self, ORdonly | OCloexec);
        if (original < 0) throw new NativeException("open", self, Marshal.GetLastPInvokeError());
        try
        {
            if (UnshareRaw(CloneNewNet) != 0) throw new NativeException("unshare(CLONE_NEWNET)", file, Marshal.GetLastPInvokeError());
            try
            {
                if (MountRaw(self, file, null, MsBind, null) != 0) throw new NativeException("mount --bind " + self, file, Marshal.GetLastPInvokeError());
            }
            finally
            {
                // Back to the daemon's namespace; the new one lives on through the bind mount (or dies here if that failed).
                if (SetnsRaw(original, CloneNewNet) != 0) throw new NativeException("setns", self, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = CloseRaw(original);
        }
    }

    /// <summary>Detaches the mount on <paramref name="target"/>; returns errno, 0 when done.</summary>
    public static int Unmount(string target) => Umount2Raw(target, MntDetach) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Whether <paramref name="path"/> is a pinned namespace (nsfs) rather than the plain file under it.</summary>
    public static bool IsNamespace(string path)
    {
        try
        {
            return NativeMethods.FilesystemType(path) == NsfsMagic;
        }
        catch (NativeException)
        {
            return false;
        }
    }

    /// <summary>
    /// The inode of the namespace pinned on <paramref name="path"/> (each namespace has its own), or 0 when there is none:
    /// it tells a namespace from a newer one pinned on the same file.
    /// </summary>
    public static unsafe ulong NamespaceInode(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxIno = 0x100;
        const int StatxSize = 256;
        const int InoOffset = 32;
        if (!IsNamespace(path)) return 0;
        var buffer = stackalloc byte[StatxSize];
        return StatxRaw(AtFdCwd, path, 0, StatxIno, buffer) == 0 ? *(ulong*)(buffer + InoOffset) : 0;
    }

    /// <summary>
    /// Binds (without listening) an IPv4 socket to <paramref name="address"/>:<paramref name="port"/> and returns it
    /// with the port actually bound (a free one for port 0), or the errno on failure.
    /// </summary>
    public static unsafe (SafeSocketFd? Socket, int Port, int Errno) Bind(IPAddress address, int port, bool udp)
    {
        var fd = SocketRaw(AfInet, (udp ? SockDgram : SockStream) | SockCloexec, 0);
        if (fd < 0) return (null, 0, Marshal.GetLastPInvokeError());
        var handle = new SafeSocketFd(fd);
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        var sockaddr = new SockaddrIn
        {
            Family = AfInet,
            Port = BinaryPrimitives.ReverseEndianness((ushort)port),
            Address = MemoryMarshal.Read<uint>(bytes),
        };
        if (BindRaw(fd, &sockaddr, sizeof(SockaddrIn)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return (null, 0, errno);
        }
        var length = sizeof(SockaddrIn);
        if (GetsocknameRaw(fd, &sockaddr, &length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return (null, 0, errno);
        }
        return (handle, BinaryPrimitives.ReverseEndianness(sockaddr.Port), 0);
    }

    /// <summary>A raw socket descriptor, closed on dispose.</summary>
    internal sealed class SafeSocketFd : SafeHandle
    {
        public SafeSocketFd(int fd) : base(-1, ownsHandle: true) => SetHandle(fd);

        public override bool IsInvalid => handle < 0;

        protected override bool ReleaseHandle() => CloseRaw((int)handle) == 0;
    }
}
