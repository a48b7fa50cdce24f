using System.Runtime.InteropServices;

namespace Wharf.Engine.Linux.Native;

/// <summary>A failed libc call: which call, on which path, and errno with the system's text for it.</summary>
internal sealed class NativeException(string call, string path, int errno)
    : IOException($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public int Errno { get; } = errno;
}
