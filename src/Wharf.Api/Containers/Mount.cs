using System.Text.Json.Serialization;

namespace Wharf.Api.Containers;

/// <summary>The swagger <c>Mount</c>: one entry of <c>HostConfig.Mounts</c> (<c>--mount type=…</c>).</summary>
public sealed record Mount
{
    public string Target { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Source { get; init; }
    /// <summary><c>bind</c>, <c>volume</c>, <c>tmpfs</c> or <c>npipe</c>.</summary>
    public string Type { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ReadOnly { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Consistency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public BindOptions? BindOptions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public VolumeOptions? VolumeOptions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TmpfsOptions? TmpfsOptions { get; init; }
}

/// <summary>Options of a bind mount.</summary>
public sealed record BindOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Propagation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NonRecursive { get; init; }
}

/// <summary>Options of a volume mount.</summary>
public sealed record VolumeOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NoCopy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MountDriverConfig? DriverConfig { get; init; }
}

/// <summary>The volume driver of a volume mount and its options.</summary>
public sealed record MountDriverConfig
{
    public string Name { get; init; } = "";
    public Dictionary<string, string>? Options { get; init; }
}

/// <summary>Options of a tmpfs mount: size in bytes, mode as the numeric file mode.</summary>
public sealed record TmpfsOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long SizeBytes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Mode { get; init; }
}

/// <summary>The swagger <c>MountPoint</c>: one entry of <c>Mounts</c> in container inspect and list.</summary>
public sealed record MountPoint
{
    public string Type { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Driver { get; init; }
    public string Mode { get; init; } = "";
    public bool RW { get; init; }
    public string Propagation { get; init; } = "";
}
