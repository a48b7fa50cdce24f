using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Engine.Linux.Native;

/// <summary>
/// The libc calls Wharf needs that .NET does not expose, source-generated (NativeAOT-friendly). Each wrapper turns
/// a failing call into a <see cref="NativeException"/> that carries errno and names the call and the path.
/// </summary>
internal static partial class NativeMethods
{
    const string Libc = "libc";
    const int AtFdCwd = -100;
    const int AtSymlinkNoFollow = 0x100;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTSUP = 95;
    public const int ENODATA = 61;

    // Only the first field of struct statfs is read (f_type, a long on 64-bit Linux); the buffer is larger than the struct.
    const int StatfsBufferSize = 256;
    // struct utsname: six fields of 65 bytes (sysname, nodename, release, version, machine, domainname).
    const int UtsFieldLength = 65;

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Libc, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MknodRaw(string path, uint mode, ulong dev);

    [LibraryImport(Libc, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownRaw(string path, uint owner, uint group);

    [LibraryImport(Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkatRaw(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport(Libc, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LsetxattrRaw(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport(Libc, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LgetxattrRaw(string path, string name, byte[]? value, nuint size);

    [LibraryImport(Libc, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int UtimensatRaw(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Libc, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatfsRaw(string path, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "uname", SetLastError = true)]
    private static unsafe partial int UnameRaw(byte* buffer);

    /// <summary>Creates a device node or FIFO; <paramref name="mode"/> holds the file type bits and the permissions.</summary>
    public static void Mknod(string path, uint mode, uint major, uint minor) =>
        Check(MknodRaw(path, mode, MakeDev(major, minor)), "mknod", path);

    /// <summary>Changes the owner of <paramref name="path"/> without following a symlink.</summary>
    public static void Lchown(string path, int uid, int gid) =>
        Check(LchownRaw(path, unchecked((uint)uid), unchecked((uint)gid)), "lchown", path);

    /// <summary>Makes <paramref name="path"/> a hard link to <paramref name="existing"/>; a symlink is linked itself, not followed.</summary>
    public static void Link(string existing, string path) =>
        Check(LinkatRaw(AtFdCwd, existing, AtFdCwd, path, 0), "link " + existing, path);

    /// <summary>Sets an extended attribute on <paramref name="path"/> itself (never on a symlink's target).</summary>
    public static void Lsetxattr(string path, string name, byte[] value) =>
        Check(LsetxattrRaw(path, name, value, (nuint)value.Length, 0), "lsetxattr " + name, path);

    /// <summary>Reads an extended attribute; null when the file does not have it.</summary>
    public static byte[]? Lgetxattr(string path, string name)
    {
        var size = LgetxattrRaw(path, name, null, 0);
        if (size < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENODATA) return null;
            throw new NativeException("lgetxattr " + name, path, errno);
        }
        var buffer = new byte[size];
        var read = LgetxattrRaw(path, name, buffer, (nuint)buffer.Length);
        if (read < 0) throw new NativeException("lgetxattr " + name, path, Marshal.GetLastPInvokeError());
        return buffer.AsSpan(0, (int)read).ToArray();
    }

    /// <summary>Sets access and modification times with nanosecond precision, on a symlink itself when it is one.</summary>
    public static unsafe void SetTimesNoFollow(string path, DateTimeOffset access, DateTimeOffset modification)
    {
        var times = stackalloc Timespec[2];
        times[0] = ToTimespec(access);
        times[1] = ToTimespec(modification);
        Check(UtimensatRaw(AtFdCwd, path, times, AtSymlinkNoFollow), "utimensat", path);
    }

    /// <summary>The file system magic number (<c>f_type</c> of statfs) of the file system holding <paramref name="path"/>.</summary>
    public static unsafe long FilesystemType(string path)
    {
        var buffer = stackalloc byte[StatfsBufferSize];
        Check(StatfsRaw(path, buffer), "statfs", path);
        return *(long*)buffer;
    }

    /// <summary>uname(2)'s machine field, e.g. <c>x86_64</c>.</summary>
    public static unsafe string Machine()
    {
        var buffer = stackalloc byte[UtsFieldLength * 6];
        Check(UnameRaw(buffer), "uname", "");
        var field = new ReadOnlySpan<byte>(buffer + (UtsFieldLength * 4), UtsFieldLength);
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }

    // glibc's gnu_dev_makedev: the 64-bit dev_t layout Linux uses.
    internal static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0x00000fffu) << 8) | ((ulong)(major & 0xfffff000u) << 32)
        | (minor & 0x000000ffu) | ((ulong)(minor & 0xffffff00u) << 12);

    static Timespec ToTimespec(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        return new Timespec { Seconds = seconds, Nanoseconds = rest * 100 };
    }

    static void Check(int result, string call, string path)
    {
        if (result != 0) throw new NativeException(call, path, Marshal.GetLastPInvokeError());
    }
}
