using System.Runtime.InteropServices;

namespace Wharf.Engine.Linux.Native;

// The calls the runtime and rootfs adapters need: pipes and posix_spawn for conmon (which needs inherited pipe fds that
// System.Diagnostics.Process cannot pass), waitpid, mount/umount2 for overlayfs, statx for whiteouts (type and rdev).
internal static partial class NativeMethods
{
    public const int EINTR = 4;
    public const int EINVAL = 22;
    public const int EBUSY = 16;
    public const int ECHILD = 10;

    const int OCloexec = 0x80000;
    const int ORdwr = 2;
    const int OWronly = 1;
    const int ONonblock = 0x800;
    const int OPath = 0x200000;
    const int ODirectory = 0x10000;
    const int FDupfdCloexec = 1030;
    const short PosixSpawnSetSigDef = 0x04;
    const short PosixSpawnSetSigMask = 0x08;
    const short PosixSpawnSetSid = 0x80;
    const int MntDetach = 2;
    const uint StatxType = 0x1;
    const uint StatxMode = 0x2;
    const uint StatxUid = 0x8;
    const uint StatxGid = 0x10;
    // glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128, struct statx 256: the
    // buffers are generous so the layouts of other architectures fit too.
    const int SpawnBufferSize = 512;
    const int SigsetSize = 128;
    const int StatxSize = 256;
    const int FirstHighFd = 100;
    const int LockEx = 2;
    const int LockNb = 4;
    const int EWOULDBLOCK = 11;
    const nuint FionRead = 0x541B;

    [LibraryImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2Raw(int* fds, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseRaw(int fd);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlRaw(int fd, int cmd, int arg);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockRaw(Microsoft.Win32.SafeHandles.SafeFileHandle fd, int operation);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int IoctlIntRaw(Microsoft.Win32.SafeHandles.SafeFileHandle fd, nuint request, int* value);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenRaw(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    private static unsafe partial int FileActionsInit(byte* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    private static unsafe partial int FileActionsDestroy(byte* actions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static unsafe partial int FileActionsAddDup2(byte* actions, int fd, int newFd);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int FileActionsAddOpen(byte* actions, int fd, string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int FileActionsAddChdir(byte* actions, string path);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_init")]
    private static unsafe partial int SpawnAttrInit(byte* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_destroy")]
    private static unsafe partial int SpawnAttrDestroy(byte* attr);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setflags")]
    private static unsafe partial int SpawnAttrSetFlags(byte* attr, short flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    private static unsafe partial int SpawnAttrSetSigMask(byte* attr, byte* sigset);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
    private static unsafe partial int SpawnAttrSetSigDefault(byte* attr, byte* sigset);

    [LibraryImport(Libc, EntryPoint = "sigemptyset")]
    private static unsafe partial int SigEmptySet(byte* sigset);

    [LibraryImport(Libc, EntryPoint = "sigfillset")]
    private static unsafe partial int SigFillSet(byte* sigset);

    [LibraryImport(Libc, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int PosixSpawnRaw(int* pid, string path, byte* actions, byte* attr, nint* argv, nint* envp);

    [LibraryImport(Libc, EntryPoint = "waitpid", SetLastError = true)]
    private static unsafe partial int WaitpidRaw(int pid, int* status, int options);

    [LibraryImport(Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountRaw(string source, string target, string fstype, nuint flags, string? data);

    [LibraryImport(Libc, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Raw(string target, int flags);

    [LibraryImport(Libc, EntryPoint = "fsopen", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FsopenRaw(string fsname, uint flags);

    [LibraryImport(Libc, EntryPoint = "fsconfig", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FsconfigRaw(int fd, uint cmd, string? key, string? value, int aux);

    [LibraryImport(Libc, EntryPoint = "fsmount", SetLastError = true)]
    private static partial int FsmountRaw(int fd, uint flags, uint attrFlags);

    [LibraryImport(Libc, EntryPoint = "move_mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MoveMountRaw(int fromDirfd, string fromPath, int toDirfd, string toPath, uint flags);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxRaw(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>A pipe whose both ends are close-on-exec: (read end, write end).</summary>
    public static unsafe (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        Check(Pipe2Raw(fds, OCloexec), "pipe2", "");
        return (fds[0], fds[1]);
    }

    public static void Close(int fd) => _ = CloseRaw(fd);

    /// <summary>Opens a directory as an O_PATH descriptor, to reach files under it through <c>/proc/self/fd/N</c> (short socket paths).</summary>
    public static int OpenPath(string directory)
    {
        var fd = OpenRaw(directory, OPath | ODirectory | OCloexec);
        if (fd < 0) throw new NativeException("open", directory, Marshal.GetLastPInvokeError());
        return fd;
    }

    /// <summary>Opens a FIFO for writing without blocking: fails (ENXIO) at once when nobody reads it.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenFifoForWriting(string path)
    {
        var fd = OpenRaw(path, OWronly | ONonblock | OCloexec);
        if (fd < 0) throw new NativeException("open", path, Marshal.GetLastPInvokeError());
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Takes an exclusive flock on the file without waiting: false when another descriptor holds it.</summary>
    public static bool TryLockExclusive(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path)
    {
        if (FlockRaw(file, LockEx | LockNb) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EWOULDBLOCK) return false;
        throw new NativeException("flock", path, errno);
    }

    /// <summary>The bytes written to a pipe or FIFO that its reader has not read yet (FIONREAD).</summary>
    public static unsafe int UnreadBytes(Microsoft.Win32.SafeHandles.SafeFileHandle pipe, string path)
    {
        int count;
        if (IoctlIntRaw(pipe, FionRead, &count) != 0) throw new NativeException("ioctl(FIONREAD)", path, Marshal.GetLastPInvokeError());
        return count;
    }

    /// <summary>
    /// Starts <paramref name="path"/> in a new session with stdio on /dev/null, default signal dispositions and an empty
    /// signal mask, in <paramref name="workingDirectory"/>, with <paramref name="inherit"/>'s descriptors (ours) at the given
    /// numbers in the child. posix_spawn is safe in a multithreaded process, unlike a managed fork.
    /// </summary>
    public static unsafe int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, IReadOnlyList<(int Fd, int ChildFd)> inherit,
        string workingDirectory)
    {
        // Move the descriptors high first, so that one dup2 never overwrites the source of the next.
        var moved = new List<int>();
        var actions = stackalloc byte[SpawnBufferSize];
        var attr = stackalloc byte[SpawnBufferSize];
        var all = stackalloc byte[SigsetSize];
        var none = stackalloc byte[SigsetSize];
        var args = AllocStrings(argv);
        var env = AllocStrings(envp);
        try
        {
            foreach (var (fd, _) in inherit)
            {
                var high = FcntlRaw(fd, FDupfdCloexec, FirstHighFd);
                if (high < 0) throw new NativeException("fcntl", "F_DUPFD_CLOEXEC", Marshal.GetLastPInvokeError());
                moved.Add(high);
            }
            CheckSpawn(FileActionsInit(actions), "posix_spawn_file_actions_init");
            CheckSpawn(SpawnAttrInit(attr), "posix_spawnattr_init");
            try
            {
                for (var fd = 0; fd < 3; fd++) CheckSpawn(FileActionsAddOpen(actions, fd, "/dev/null", ORdwr, 0), "posix_spawn_file_actions_addopen");
                for (var i = 0; i < moved.Count; i++) CheckSpawn(FileActionsAddDup2(actions, moved[i], inherit[i].ChildFd), "posix_spawn_file_actions_adddup2");
                CheckSpawn(FileActionsAddChdir(actions, workingDirectory), "posix_spawn_file_actions_addchdir_np");
                SigFillSet(all);
                SigEmptySet(none);
                CheckSpawn(SpawnAttrSetSigDefault(attr, all), "posix_spawnattr_setsigdefault");
                CheckSpawn(SpawnAttrSetSigMask(attr, none), "posix_spawnattr_setsigmask");
                CheckSpawn(SpawnAttrSetFlags(attr, PosixSpawnSetSid | PosixSpawnSetSigDef | PosixSpawnSetSigMask), "posix_spawnattr_setflags");
                int pid;
                var error = PosixSpawnRaw(&pid, path, actions, attr, (nint*)args, (nint*)env);
                if (error != 0) throw new NativeException("posix_spawn", path, error);
                return pid;
            }
            finally
            {
                FileActionsDestroy(actions);
                SpawnAttrDestroy(attr);
            }
        }
        finally
        {
            foreach (var fd in moved) Close(fd);
            FreeStrings(args, argv.Count);
            FreeStrings(env, envp.Count);
        }
    }

    /// <summary>Waits for a child of ours (blocking) and returns its raw wait status.</summary>
    public static unsafe int WaitPid(int pid)
    {
        int status;
        while (true)
        {
            if (WaitpidRaw(pid, &status, 0) >= 0) return status;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR) throw new NativeException("waitpid", pid.ToString(), errno);
        }
    }

    public static void Mount(string source, string target, string fstype, string data) =>
        Check(MountRaw(source, target, fstype, 0, data), "mount " + fstype, target);

    /// <summary>
    /// Mounts a file system through the new mount API (fsopen, fsconfig, fsmount, move_mount): each option is set on
    /// its own, so no page limit applies to the whole (overlayfs's repeatable <c>lowerdir+</c> needs Linux 6.8).
    /// </summary>
    public static void MountWithContext(string fstype, string target, IReadOnlyList<(string Key, string Value)> options)
    {
        const uint FsopenCloexec = 1;
        const uint FsconfigSetString = 1;
        const uint FsconfigCmdCreate = 6;
        const uint FsmountCloexec = 1;
        const uint MoveMountFEmptyPath = 4;
        var fs = FsopenRaw(fstype, FsopenCloexec);
        if (fs < 0) throw new NativeException("fsopen " + fstype, target, Marshal.GetLastPInvokeError());
        try
        {
            foreach (var (key, value) in options)
                Check(FsconfigRaw(fs, FsconfigSetString, key, value, 0), "fsconfig " + key, value);
            Check(FsconfigRaw(fs, FsconfigCmdCreate, null, null, 0), "fsconfig create " + fstype, target);
            var mount = FsmountRaw(fs, FsmountCloexec, 0);
            if (mount < 0) throw new NativeException("fsmount " + fstype, target, Marshal.GetLastPInvokeError());
            try
            {
                Check(MoveMountRaw(mount, "", AtFdCwd, target, MoveMountFEmptyPath), "move_mount", target);
            }
            finally
            {
                Close(mount);
            }
        }
        finally
        {
            Close(fs);
        }
    }

    /// <summary>Unmounts <paramref name="target"/>; returns errno (0 when done) so callers can tell busy from not mounted.</summary>
    public static int Unmount(string target, bool detach) =>
        Umount2Raw(target, detach ? MntDetach : 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>lstat's file type bits and device numbers, through statx whose layout is the same on every architecture.</summary>
    public static unsafe (uint Type, uint RdevMajor, uint RdevMinor) Lstat(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        Check(StatxRaw(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode, buffer), "statx", path);
        var mode = *(ushort*)(buffer + 28);
        return ((uint)mode & 0xF000u, *(uint*)(buffer + 128), *(uint*)(buffer + 132));
    }

    /// <summary>lstat's owner and permission bits (statx), for tar entries that are made rather than read from a file.</summary>
    public static unsafe (int Uid, int Gid, uint Permissions) LstatOwner(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        Check(StatxRaw(AtFdCwd, path, AtSymlinkNoFollow, StatxMode | StatxUid | StatxGid, buffer), "statx", path);
        return ((int)*(uint*)(buffer + 20), (int)*(uint*)(buffer + 24), *(ushort*)(buffer + 28) & 0xFFFu);
    }

    static unsafe nint* AllocStrings(IReadOnlyList<string> strings)
    {
        var array = (nint*)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)sizeof(nint));
        for (var i = 0; i < strings.Count; i++) array[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        return array;
    }

    static unsafe void FreeStrings(nint* array, int count)
    {
        for (var i = 0; i < count; i++) Marshal.FreeCoTaskMem(array[i]);
        NativeMemory.Free(array);
    }

    static void CheckSpawn(int result, string call)
    {
        if (result != 0) throw new NativeException(call, "", result);
    }
}
