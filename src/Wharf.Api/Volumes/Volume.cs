using System.Text.Json.Serialization;

namespace Wharf.Api.Volumes;

/// <summary>The swagger <c>Volume</c>, in dockerd's field order; <see cref="UsageData"/> only in <c>/system/df</c>.</summary>
public sealed record Volume
{
    public string CreatedAt { get; init; } = "";
    public string Driver { get; init; } = "";
    public Dictionary<string, string>? Labels { get; init; }
    public string Mountpoint { get; init; } = "";
    public string Name { get; init; } = "";
    public Dictionary<string, string>? Options { get; init; }
    public string Scope { get; init; } = "local";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Status { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public VolumeUsageData? UsageData { get; init; }
}

/// <summary>Disk usage of a volume: bytes (-1 when unknown) and how many containers reference it.</summary>
public sealed record VolumeUsageData(long Size, long RefCount);
