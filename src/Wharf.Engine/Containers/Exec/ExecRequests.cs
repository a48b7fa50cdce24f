using Wharf.Engine.Containers.Runtime;

namespace Wharf.Engine.Containers.Exec;

/// <summary><c>POST /containers/{id}/exec</c>: what to run and how its stdio is set up.</summary>
public sealed record ExecCreateRequest
{
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string User { get; init; } = "";
    public string WorkingDir { get; init; } = "";
    public bool Tty { get; init; }
    public bool Privileged { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public (ushort Height, ushort Width)? ConsoleSize { get; init; }
}

/// <summary>
/// The started exec: its streams (null when detached), whether they are a TTY, and <paramref name="Exited"/>, which
/// completes with the exit code once inspect shows it (the server awaits it before closing the stream, as the CLI
/// inspects right after).
/// </summary>
public sealed record ExecStartResult(bool Tty, IProcessStreams? Streams, Task<int> Exited);

/// <summary>What <c>GET /exec/{id}/json</c> shows.</summary>
public sealed record ExecView
{
    public required string Id { get; init; }
    public required ContainerId ContainerId { get; init; }
    public required bool Running { get; init; }
    public required int? ExitCode { get; init; }
    /// <summary>0: the runtime port does not report exec pids.</summary>
    public int Pid { get; init; }
    public required ExecCreateRequest Request { get; init; }
    public bool OpenStdin => Request.AttachStdin;
    public bool OpenStdout => Request.AttachStdout;
    public bool OpenStderr => Request.AttachStderr;
    public required bool CanRemove { get; init; }
}
