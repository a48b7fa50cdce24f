namespace Wharf.Engine.Containers;

/// <summary>A container's run state as stored: status, processes, the last exit and restarts.</summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;
    public int Pid { get; init; }
    public int MonitorPid { get; init; }
    public int ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public string Error { get; init; } = "";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int RestartCount { get; init; }
    /// <summary>Set by a user's stop or kill, so <c>unless-stopped</c> and <c>always</c> do not restart it.</summary>
    public bool ManuallyStopped { get; init; }
    public HealthState? Health { get; init; }
    /// <summary>Its network while it runs (namespace, endpoints, published ports); null when stopped.</summary>
    public Networks.ContainerNetworkSetup? Network { get; init; }

    public bool IsRunning => Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;
}

/// <summary>A container's health: <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>, with the newest probe results.</summary>
public sealed record HealthState(string Status, int FailingStreak, IReadOnlyList<HealthProbeResult> Log)
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const int LogSize = 5;
}

/// <summary>One health probe: when it ran, its exit code (-1 when it could not run or timed out) and its output.</summary>
public sealed record HealthProbeResult(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
