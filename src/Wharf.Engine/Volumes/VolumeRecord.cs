namespace Wharf.Engine.Volumes;

/// <summary>A volume as the store keeps it; <see cref="Mountpoint"/> is <c>&lt;data-root&gt;/volumes/&lt;name&gt;/_data</c>.</summary>
public sealed record VolumeRecord
{
    public required string Name { get; init; }
    public string Driver { get; init; } = VolumeService.LocalDriver;
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Null when the creator gave none (dockerd shows <c>null</c>), else the labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>DriverOpts (<c>type</c>, <c>device</c>, <c>o</c>); null when none were given.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }
    public required string Mountpoint { get; init; }

    /// <summary>Created for a container without a name (or through the API without one): carries dockerd 23's anonymous label.</summary>
    public bool Anonymous => Labels?.ContainsKey(VolumeService.AnonymousLabel) == true;

    /// <summary>Whether the local driver mounts something (tmpfs, a bind, a device) over the directory at mount time.</summary>
    public bool NeedsMount => Options is { } o && (o.ContainsKey("type") || o.ContainsKey("device") || o.ContainsKey("o"));
}

/// <summary>A volume with the containers that reference it and, for <c>df</c>, its size.</summary>
public sealed record VolumeView(VolumeRecord Volume, IReadOnlyList<string> Containers, long? Size = null);

/// <summary><c>POST /volumes/create</c>: an empty name makes an anonymous volume.</summary>
public sealed record VolumeCreateRequest
{
    public string Name { get; init; } = "";
    public string Driver { get; init; } = "";
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>What a volume prune removed and the bytes it freed.</summary>
public sealed record VolumePruneResult(IReadOnlyList<string> Deleted, long SpaceReclaimed);
