using Wharf.Engine.Containers.Runtime;
using Wharf.Engine.Filters;

namespace Wharf.Engine.Containers;

/// <summary>The new container's id and dockerd-style warnings for the create response.</summary>
public sealed record ContainerCreateResult(ContainerId Id, IReadOnlyList<string> Warnings);

/// <summary>Whether a start did anything; <see cref="AlreadyRunning"/> is the API's 304.</summary>
public enum StartOutcome { Started, AlreadyRunning }

/// <summary>Whether a stop did anything; <see cref="AlreadyStopped"/> is the API's 304.</summary>
public enum StopOutcome { Stopped, AlreadyStopped }

/// <summary>A stop: seconds to wait before SIGKILL (null = the container's StopTimeout, else the daemon default; negative = forever) and a signal overriding StopSignal.</summary>
public sealed record StopRequest(int? Timeout = null, string? Signal = null);

/// <summary>What <c>wait</c> waits for.</summary>
public enum WaitCondition { NotRunning, NextExit, Removed }

/// <summary>The outcome of a wait: the exit code and, when the container failed to run, the error text.</summary>
public sealed record WaitResult(int ExitCode, string? Error);

/// <summary>A wait that has been accepted (the container exists); <see cref="Result"/> completes when the condition holds.</summary>
public sealed record WaitHandle(ContainerId Id, Task<WaitResult> Result);

/// <summary>What <c>POST /containers/{id}/update</c> may change; null = unchanged.</summary>
public sealed record ContainerUpdate(ResourceLimits? Resources = null, RestartPolicy? RestartPolicy = null);

/// <summary><c>DELETE /containers/{id}</c>: <paramref name="Force"/> kills a running container first; <paramref name="Volumes"/> removes its anonymous volumes.</summary>
public sealed record RemoveRequest(bool Force = false, bool Volumes = false);

/// <summary><c>GET /containers/json</c>: running only unless <see cref="All"/>; <see cref="Limit"/> newest (0 = no limit, implies all).</summary>
public sealed record ContainerListRequest
{
    public bool All { get; init; }
    public int Limit { get; init; }
    public bool Size { get; init; }
    public FilterSet Filters { get; init; } = FilterSet.Empty;
}

/// <summary>One container in a list: its record and, when asked for, its sizes.</summary>
public sealed record ContainerSummaryView(ContainerRecord Container, string StatusText, long? SizeRw, long? SizeRootFs);

/// <summary>Everything <c>GET /containers/{id}/json</c> shows, in domain terms.</summary>
public sealed record ContainerInspectView
{
    public required ContainerRecord Container { get; init; }
    /// <summary>The process path and its arguments (Entrypoint + Cmd split as dockerd shows them).</summary>
    public required string Path { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required string ResolvConfPath { get; init; }
    public required string HostnamePath { get; init; }
    public required string HostsPath { get; init; }
    public required IReadOnlyDictionary<string, string> GraphDriverData { get; init; }
    public required IReadOnlyList<string> ExecIds { get; init; }
    public long? SizeRw { get; init; }
    public long? SizeRootFs { get; init; }
    /// <summary>What the runtime masks and makes read-only (dockerd's defaults); null for a privileged container.</summary>
    public IReadOnlyList<string>? MaskedPaths { get; init; }
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    /// <summary>Volume mounts and binds inherited through VolumesFrom (the container's own binds are in its spec).</summary>
    public IReadOnlyList<Volumes.ContainerMount> Mounts { get; init; } = [];
}

/// <summary>The streams a client attaches to, and whether they are a TTY (raw) or multiplexed.</summary>
public sealed record AttachSession(ContainerId Id, bool Tty, IProcessStreams Streams);

/// <summary><c>GET /containers/{id}/logs</c>: which streams, the time window, the last <see cref="Tail"/> lines (-1 = all), follow.</summary>
public sealed record LogRequest
{
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public bool Timestamps { get; init; }
    public int Tail { get; init; } = -1;
    public bool Follow { get; init; }
}

/// <summary>A container's log stream, and whether it was written by a TTY (then the server sends it raw).</summary>
public sealed record ContainerLogs(bool Tty, IAsyncEnumerable<Logs.LogEntry> Entries);

/// <summary>What a prune removed and the bytes it freed.</summary>
public sealed record ContainerPruneResult(IReadOnlyList<ContainerId> Deleted, long SpaceReclaimed);

/// <summary>
/// <c>POST /commit</c>: the container, the new image's name (none when <see cref="Repository"/> is empty; the tag defaults
/// to latest), Dockerfile instructions to apply (<see cref="Changes"/>), a run config replacing the container's
/// (<see cref="Config"/>, from the request body), and whether to pause a running container while its layer is read.
/// </summary>
public sealed record ContainerCommitRequest(string Container, string? Repository = null, string? Tag = null, string? Author = null,
    string? Comment = null, bool Pause = true, IReadOnlyList<string>? Changes = null, Images.RunConfig? Config = null);
