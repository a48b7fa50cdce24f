namespace Wharf.Client;

/// <summary>The stream a multiplexed frame belongs to: the first byte of its 8-byte header.</summary>
public enum StdStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    /// <summary>API 1.42+ sends the exit status of an exec on this stream; older daemons never do.</summary>
    SystemError = 3,
}
