namespace Wharf.Engine.Containers.Runtime;

/// <summary>
/// The OCI runtime port (runc under one conmon per container in Engine.Linux). It does what it is told and
/// reports exits; it keeps no lifecycle rules and knows no HTTP. Processes it starts outlive the daemon.
/// </summary>
public interface IOciRuntime
{
    /// <summary>
    /// Creates the container from a bundle whose <c>config.json</c> is already written, under its own monitor.
    /// Returns once the init process exists but has not run yet (<c>runc create</c>), so streams can be attached
    /// before <see cref="StartAsync"/> and no byte is lost. Failures carry the runtime's own wording.
    /// </summary>
    ValueTask<RuntimeProcess> CreateAsync(RuntimeCreateRequest request, CancellationToken ct);

    ValueTask StartAsync(ContainerId id, CancellationToken ct);

    /// <summary>Sends a signal (a Linux signal number) to the init process, or to every process with <paramref name="all"/>.</summary>
    ValueTask KillAsync(ContainerId id, int signal, bool all, CancellationToken ct);

    ValueTask PauseAsync(ContainerId id, CancellationToken ct);

    ValueTask ResumeAsync(ContainerId id, CancellationToken ct);

    /// <summary>Applies new cgroup limits, given as an OCI <c>LinuxResources</c> JSON document.</summary>
    ValueTask UpdateAsync(ContainerId id, ReadOnlyMemory<byte> linuxResourcesJson, CancellationToken ct);

    /// <summary>What the runtime knows of the container now; <see cref="RuntimeStatus.Unknown"/> when it knows nothing.</summary>
    ValueTask<RuntimeState> StateAsync(ContainerId id, CancellationToken ct);

    /// <summary>Removes the runtime's record of a stopped container (with <paramref name="force"/>, of any container).</summary>
    ValueTask DeleteAsync(ContainerId id, bool force, CancellationToken ct);

    /// <summary>Connects to the container's stdio held by its monitor. Output flows until the process exits or the caller disposes.</summary>
    ValueTask<IProcessStreams> AttachAsync(ContainerId id, CancellationToken ct);

    ValueTask ResizeAsync(ContainerId id, TerminalSize size, CancellationToken ct);

    /// <summary>
    /// Prepares an exec session whose <c>process.json</c> is written; the process starts when its streams are
    /// attached through the returned handle (so, again, no byte is lost). Exits arrive on <see cref="ExitsAsync"/>
    /// with the exec id.
    /// </summary>
    ValueTask<IProcessStreams> ExecAsync(RuntimeExecRequest request, CancellationToken ct);

    ValueTask ResizeExecAsync(ContainerId id, string execId, TerminalSize size, CancellationToken ct);

    /// <summary>Exits of containers and exec sessions as their monitors report them, including those that happened while the daemon was down (replayed once on subscription).</summary>
    IAsyncEnumerable<RuntimeExit> ExitsAsync(CancellationToken ct);
}

/// <summary>Where a container's bundle, monitor state and log live, and how its stdio is set up.</summary>
public sealed record RuntimeCreateRequest(
    ContainerId Id,
    string BundleDir,
    string StateDir,
    string LogPath,
    bool Tty,
    bool OpenStdin,
    bool StdinOnce,
    long LogSizeMax = 0);

/// <summary>
/// An exec session: its id (64 hex), the process spec already written, its stdio set-up and its own state directory
/// (concurrent execs of one container must not share their monitor's files), which the runtime removes when the exec ends.
/// </summary>
public sealed record RuntimeExecRequest(ContainerId Id, string ExecId, string ProcessSpecPath, string StateDir, bool Tty, bool OpenStdin);

/// <summary>The container's init pid on the host and the pid of its monitor.</summary>
public sealed record RuntimeProcess(int Pid, int MonitorPid);

/// <summary>The runtime's view of a container.</summary>
public sealed record RuntimeState(RuntimeStatus Status, int Pid);

/// <summary>The runtime's states (<c>runc state</c>) plus Unknown.</summary>
public enum RuntimeStatus { Unknown, Created, Running, Paused, Stopped }

/// <summary>A process that ended: the container's init (<see cref="ExecId"/> null) or an exec session.</summary>
public sealed record RuntimeExit(ContainerId Id, string? ExecId, int ExitCode, bool OomKilled, DateTimeOffset At);

/// <summary>A terminal size in rows and columns.</summary>
public readonly record struct TerminalSize(ushort Height, ushort Width);

/// <summary>Which standard stream bytes belong to; the numbers are those of Docker's multiplexing header.</summary>
public enum StdStream : byte { Stdin = 0, Stdout = 1, Stderr = 2 }

/// <summary>Bytes one process wrote to one stream.</summary>
public readonly record struct OutputChunk(StdStream Stream, ReadOnlyMemory<byte> Data);

/// <summary>A live connection to a process's stdio. Disposing detaches; it does not stop the process.</summary>
public interface IProcessStreams : IAsyncDisposable
{
    ValueTask WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Closes the process's stdin (end of input), as a client's half-close asks.</summary>
    ValueTask CloseStdinAsync(CancellationToken ct);

    /// <summary>Output in the order written; completes when the process has exited and all output was read.</summary>
    IAsyncEnumerable<OutputChunk> ReadOutputAsync(CancellationToken ct);
}
