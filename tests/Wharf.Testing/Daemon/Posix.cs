using System.Runtime.InteropServices;

namespace Wharf.Testing.Daemon;

/// <summary>The one system call the fixture needs: .NET can send SIGKILL (Process.Kill) but not SIGTERM.</summary>
internal static class Posix
{
    public const int SigTerm = 15;

    // DllImport rather than LibraryImport: blittable arguments only, so no marshalling code is needed and the
    // shared test project does not have to allow unsafe blocks.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392
    private static extern int SysKill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392

    public static void Kill(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
