using System.Globalization;

namespace Wharf.Engine.Containers;

/// <summary>The human <c>Status</c> column dockerd computes for <c>ps</c>: <c>Up 3 seconds (healthy)</c>, <c>Exited (0) 5 minutes ago</c>.</summary>
public static class ContainerStatusText
{
    public static string Describe(ContainerState s, DateTimeOffset now) => s.Status switch
    {
        ContainerStatus.Running => $"Up {Human(now - (s.StartedAt ?? now))}{HealthSuffix(s)}",
        ContainerStatus.Paused => $"Up {Human(now - (s.StartedAt ?? now))} (Paused)",
        ContainerStatus.Restarting => $"Restarting ({s.ExitCode}) {Human(now - (s.FinishedAt ?? now))} ago",
        ContainerStatus.Removing => "Removal In Progress",
        ContainerStatus.Dead => "Dead",
        ContainerStatus.Exited when s.FinishedAt is { } f => $"Exited ({s.ExitCode}) {Human(now - f)} ago",
        _ => "Created",
    };

    /// <summary>The state word Docker shows in <c>State</c>: <c>created</c>, <c>running</c>, …</summary>
    public static string StateName(ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        ContainerStatus.Restarting => "restarting",
        ContainerStatus.Removing => "removing",
        ContainerStatus.Exited => "exited",
        ContainerStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    static string HealthSuffix(ContainerState s) => s.Health is { } h
        ? h.Status == HealthState.Starting ? " (health: starting)" : $" ({h.Status})"
        : "";

    /// <summary>go-units <c>HumanDuration</c>.</summary>
    public static string Human(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        var minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        var hours = (long)Math.Round(d.TotalHours);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return string.Create(CultureInfo.InvariantCulture, $"{d.TotalHours / 24 / 365:0} years");
    }
}
