namespace Wharf.Api.Common;

/// <summary>The swagger <c>HealthConfig</c>; durations in nanoseconds.</summary>
public sealed record HealthConfig
{
    public List<string>? Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long StartPeriod { get; init; }
    public int Retries { get; init; }
}
