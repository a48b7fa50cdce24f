using Wharf.Engine.Images;

namespace Wharf.Engine.Containers.Health;

/// <summary>dockerd's health rules: defaults, the probe command, and how one result moves the status.</summary>
internal static class HealthRules
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultRetries = 3;
    /// <summary>Output kept per probe, as dockerd keeps it.</summary>
    public const int MaxOutput = 4096;

    /// <summary>The command a health check runs, or null when there is none (<c>NONE</c> or no test).</summary>
    public static IReadOnlyList<string>? Command(HealthConfig? config) => config?.Test switch
    {
        null or { Count: 0 } => null,
        ["NONE", ..] => null,
        ["CMD", _, ..] test => test.Skip(1).ToList(),
        ["CMD-SHELL", var script] => ["/bin/sh", "-c", script],
        _ => null,
    };

    public static TimeSpan Interval(HealthConfig c) => c.Interval > 0 ? TimeSpan.FromTicks(c.Interval / 100) : DefaultInterval;

    public static TimeSpan Timeout(HealthConfig c) => c.Timeout > 0 ? TimeSpan.FromTicks(c.Timeout / 100) : DefaultTimeout;

    public static int Retries(HealthConfig c) => c.Retries > 0 ? c.Retries : DefaultRetries;

    /// <summary>Applies one probe result: success is healthy; failures count unless still starting within the start period.</summary>
    public static HealthState Apply(HealthState current, HealthProbeResult result, bool inStartPeriod, int retries)
    {
        var log = current.Log.Append(result).TakeLast(HealthState.LogSize).ToList();
        if (result.ExitCode == 0) return new HealthState(HealthState.Healthy, 0, log);
        if (inStartPeriod && current.Status == HealthState.Starting) return current with { Log = log };
        var streak = current.FailingStreak + 1;
        var status = streak >= retries ? HealthState.Unhealthy : current.Status;
        return new HealthState(status, streak, log);
    }

    /// <summary>Go's <c>time.Duration.String()</c> for the durations health checks use: <c>30s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
    public static string GoDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1)) return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0.###}ms");
        var text = "";
        if (d.TotalHours >= 1) text += string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(long)d.TotalHours}h");
        if (d.TotalMinutes >= 1) text += string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.Minutes}m");
        var seconds = d.Seconds + (d.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerSecond;
        return text + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds:0.#########}s");
    }
}
