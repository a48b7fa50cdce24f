using System.Collections.Concurrent;
using System.Diagnostics;

namespace Wharf.Client;

/// <summary>
/// The connection commands (ssh) this process started and has not yet reaped. Each connection kills its own child when it
/// is disposed; this list is the last resort for the exits that dispose nothing (an unhandled exception, SIGTERM), so that
/// no ssh session outlives the CLI.
/// </summary>
internal static class ChildProcesses
{
    static readonly ConcurrentDictionary<int, Process> Live = new();
    static int _hooked;

    public static void Track(Process process)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Live[process.Id] = process;
    }

    public static void Forget(Process process) => Live.TryRemove(process.Id, out _);

    /// <summary>Kills by pid every child still running; each was started by us and is still our unreaped child.</summary>
    static void KillAll()
    {
        foreach (var (_, process) in Live)
        {
            try
            {
                if (!process.HasExited) process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It has exited meanwhile.
            }
        }
    }
}
