namespace Wharf.Engine.Containers;

/// <summary>Where containers live and the daemon-wide defaults they run with.</summary>
public sealed record ContainerOptions
{
    public required string DataRoot { get; init; }
    public required string ExecRoot { get; init; }
    /// <summary>Seconds a stop waits after the stop signal before SIGKILL, unless the request or the config says otherwise.</summary>
    public int DefaultStopTimeout { get; init; } = 10;
    /// <summary>How often <c>logs --follow</c> looks for new lines.</summary>
    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
